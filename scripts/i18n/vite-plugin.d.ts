import type { Plugin } from 'vite';
export declare function i18n(): Plugin;
