/**
 * Paging of record lists (issue 18): one reading of the page number and page size a caller
 * asks for, and the "one row more" that tells whether a next page exists without counting.
 *
 *     const paging = listPage(filter);                       // 25 a page, at most 100
 *     const rows = await query.limit(paging.limit).offset(paging.offset);
 *     const { rows: shown, hasMore } = pageRows(rows, paging);
 *
 * Numbers only: no database, nothing to import.
 */

/** What a caller asks for (a list filter's `page` and `pageSize`). */
export interface PageRequest {
	page?: number;
	pageSize?: number;
}

/** The bounds of one list. */
export interface PageLimits {
	/** The page size when none is asked for. */
	size: number;
	/** The largest page size a caller may ask for. */
	maxSize: number;
	/** The last page that can be asked for; a later one reads this one. */
	maxPage: number;
}

/** Most lists: 25 a page, at most 100, pages up to 100 000 (the routes' own bound). */
export const LIST_PAGE: PageLimits = { size: 25, maxSize: 100, maxPage: 100_000 };

export interface ListPage {
	/** 1, 2, …: whole, within [1, maxPage]. */
	page: number;
	/** Rows shown: whole, within [1, maxSize]. */
	pageSize: number;
	/** Rows to read: one more than shown, so a full page knows whether another follows. */
	limit: number;
	/** Rows before this page. */
	offset: number;
}

/** A whole number within [min, max]; missing or not a number reads as `fallback`. */
function whole(value: number | undefined, fallback: number, min: number, max: number): number {
	const n = typeof value === 'number' && !Number.isNaN(value) ? Math.trunc(value) : fallback;
	return Math.min(Math.max(n, min), max);
}

/**
 * The page the caller asked for, within the list's bounds: a page size below 1 reads 1, above
 * `maxSize` reads `maxSize`; a page below 1 is the first, after `maxPage` the last; fractions
 * are cut to whole numbers, and a missing or NaN value takes the default.
 */
export function listPage(request: PageRequest = {}, limits: Partial<PageLimits> = {}): ListPage {
	const { size, maxSize, maxPage } = { ...LIST_PAGE, ...limits };
	const page = whole(request.page, 1, 1, maxPage);
	const pageSize = whole(request.pageSize, size, 1, maxSize);
	return { page, pageSize, limit: pageSize + 1, offset: (page - 1) * pageSize };
}

/** The rows of the page (read with `paging.limit`) and whether a next page follows. */
export function pageRows<T>(rows: readonly T[], paging: Pick<ListPage, 'pageSize'>) {
	return { rows: rows.slice(0, paging.pageSize), hasMore: rows.length > paging.pageSize };
}
