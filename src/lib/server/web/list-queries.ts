/**
 * The search and filter fields of the client list and the social partners list, read from the
 * query string. Values are only trimmed and bounded here; the services validate them (an
 * unknown value means "no filter").
 */
function reader(url: URL) {
	const get = (name: string, max: number) =>
		(url.searchParams.get(name) ?? '').trim().slice(0, max);
	const pageNumber = Number.parseInt(url.searchParams.get('page') ?? '1', 10);
	const page =
		Number.isFinite(pageNumber) && pageNumber > 0 && pageNumber < 100_000 ? pageNumber : 1;
	return { get, page };
}

export interface ClientListQuery {
	q: string;
	countyId: string;
	municipalityId: string;
	status: string;
	profile: string;
	waitingDays: string;
	consent: string;
	sort: string;
	page: number;
}

/** `?q=&county=&municipality=&status=&profile=&waiting=&consent=&sort=&page=` */
export function clientListQuery(url: URL): ClientListQuery {
	const { get, page } = reader(url);
	return {
		q: get('q', 100),
		countyId: get('county', 36),
		municipalityId: get('municipality', 36),
		status: get('status', 20),
		profile: get('profile', 4),
		waitingDays: get('waiting', 4),
		consent: get('consent', 10),
		sort: get('sort', 10),
		page
	};
}

export interface PartnerListQuery {
	q: string;
	countyId: string;
	kind: string;
	archived: string;
	page: number;
}

/** `?q=&county=&kind=&archived=&page=` */
export function partnerListQuery(url: URL): PartnerListQuery {
	const { get, page } = reader(url);
	return {
		q: get('q', 100),
		countyId: get('county', 36),
		kind: get('kind', 40),
		archived: get('archived', 10),
		page
	};
}
