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
export declare function parsePattern(text: string): unknown[];
export declare function toMessage(value: unknown): {
	declarations: { type: string; name: string }[];
	selectors: { type: string; name: string }[];
	variants: { matches: { type: string; key: string; value?: string }[]; pattern: unknown[] }[];
};
