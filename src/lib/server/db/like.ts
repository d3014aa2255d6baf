/**
 * An ILIKE pattern matching values that contain `text` anywhere, the text taken literally:
 * `%`, `_` and `\` in it are escaped (PostgreSQL's default escape character), so a search for
 * "50%" finds "50%" and not everything starting with "50".
 */
export function containing(text: string): string {
	return `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
}
