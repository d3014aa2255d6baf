export declare const PROJECT: string;
export declare const OUTDIR: string;
export declare function readSettings(): Promise<{
	baseLocale: string;
	locales: string[];
	[key: string]: unknown;
}>;
export declare function messagesPath(settings: object, locale: string): string;
export declare function readMessages(
	settings: object
): Promise<Record<string, Record<string, unknown>>>;
export declare function placeholders(text: string): string[];
export declare function inputsOf(value: unknown): string[];
export declare function compileMessages(options?: { quiet?: boolean }): Promise<boolean>;
