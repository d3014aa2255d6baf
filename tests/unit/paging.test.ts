import { describe, expect, it } from 'vitest';
import { LIST_PAGE, listPage, pageRows } from '$lib/server/services/core/paging';

describe('the page a list reads', () => {
	it('is the first page of 25 when nothing is asked for, reading one row more', () => {
		expect(listPage()).toEqual({ page: 1, pageSize: 25, limit: 26, offset: 0 });
		expect(listPage({})).toEqual(listPage());
		expect(LIST_PAGE).toEqual({ size: 25, maxSize: 100, maxPage: 100_000 });
	});

	it('skips the rows of the pages before it', () => {
		expect(listPage({ page: 3, pageSize: 10 })).toEqual({
			page: 3,
			pageSize: 10,
			limit: 11,
			offset: 20
		});
		expect(listPage({ page: 2 }, { size: 50, maxSize: 200 })).toMatchObject({
			pageSize: 50,
			limit: 51,
			offset: 50
		});
	});

	it('keeps the page size within [1, maxSize]', () => {
		expect(listPage({ pageSize: 0 }).pageSize).toBe(1);
		expect(listPage({ pageSize: -5 }).pageSize).toBe(1);
		expect(listPage({ pageSize: 100 }).pageSize).toBe(100);
		expect(listPage({ pageSize: 101 }).pageSize).toBe(100);
		expect(listPage({ pageSize: 500 }, { maxSize: 200 }).pageSize).toBe(200);
		expect(listPage({ pageSize: Infinity }).pageSize).toBe(100);
	});

	it('keeps the page within [1, maxPage]', () => {
		expect(listPage({ page: 0 }).page).toBe(1);
		expect(listPage({ page: -2 }).page).toBe(1);
		expect(listPage({ page: 100_000 }).page).toBe(100_000);
		expect(listPage({ page: 100_001 }).page).toBe(100_000);
		expect(listPage({ page: 20_000 }, { maxPage: 10_000 }).page).toBe(10_000);
		expect(listPage({ page: Infinity }).page).toBe(100_000);
	});

	it('cuts fractions to whole numbers and reads a missing or NaN value as the default', () => {
		expect(listPage({ page: 2.7, pageSize: 10.9 })).toMatchObject({ page: 2, pageSize: 10 });
		expect(listPage({ page: NaN, pageSize: NaN })).toMatchObject({ page: 1, pageSize: 25 });
		expect(listPage({ pageSize: NaN }, { size: 50 }).pageSize).toBe(50);
		expect(listPage({ page: undefined, pageSize: undefined })).toEqual(listPage());
	});

	it("takes the list's own default size, also when it is the largest", () => {
		expect(listPage({ page: 4 }, { size: 50, maxSize: 50 })).toEqual({
			page: 4,
			pageSize: 50,
			limit: 51,
			offset: 150
		});
	});
});

describe('the rows of a page', () => {
	const paging = listPage({ pageSize: 3 });

	it('shows a page size of rows and says another page follows when one more was read', () => {
		expect(pageRows([1, 2, 3, 4], paging)).toEqual({ rows: [1, 2, 3], hasMore: true });
	});

	it('says no more follow on a full last page, a short page or none', () => {
		expect(pageRows([1, 2, 3], paging)).toEqual({ rows: [1, 2, 3], hasMore: false });
		expect(pageRows([1], paging)).toEqual({ rows: [1], hasMore: false });
		expect(pageRows([], paging)).toEqual({ rows: [], hasMore: false });
	});

	it('does not change the rows it was given', () => {
		const rows = [1, 2, 3, 4];
		pageRows(rows, paging);
		expect(rows).toEqual([1, 2, 3, 4]);
	});
});
