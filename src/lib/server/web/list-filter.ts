/**
 * The search and filter fields of a record list, read from the query string (`?q=&county=&
 * status=&page=`). Values are only trimmed and bounded here; the services validate them.
 */
export interface ListFilter {
	q: string;
	countyId: string;
	status: string;
	page: number;
}

export function listFilter(url: URL): ListFilter {
	const get = (name: string, max: number) =>
		(url.searchParams.get(name) ?? '').trim().slice(0, max);
	const page = Number.parseInt(url.searchParams.get('page') ?? '1', 10);
	return {
		q: get('q', 100),
		countyId: get('county', 36),
		status: get('status', 20),
		page: Number.isFinite(page) && page > 0 && page < 100_000 ? page : 1
	};
}
