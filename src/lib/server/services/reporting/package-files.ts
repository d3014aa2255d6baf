import type { Table } from '../../files/spreadsheet';
import { fastCsv, fastXlsx } from '../../files/xlsx-fast';
import type { PackedMember } from '../../files/zip';
import { translate } from '$lib/server/i18n';

/**
 * What the parts of the quarterly package (quarterly-package.ts) share: its files as they are
 * gathered, the consent scans read at their turn, the tables written as XLSX and CSV, and the
 * Estonian text (the package is in Estonian whatever the administrator's language).
 */

export const et = (key: string, params?: Record<string, string | number>) =>
	translate('et', key, params);

/** A consent scan of the package: read from the file store when its turn comes in the ZIP. */
export interface StoredScan {
	documentId: string;
	storageKey: string;
	size: number;
	sha256: string;
}

/** A file of the package: bytes, text, or a member deflated already (zip.ts). */
export type PackageFile = Uint8Array | string | PackedMember;

/** `tables` as `<base>.xlsx` (a sheet each) and as CSV: one file, or one per table. */
export async function bothFormats(
	files: Record<string, PackageFile>,
	base: string,
	tables: Table[]
) {
	// The workbook's sheets are deflated on the thread pool while the CSV is written here.
	const xlsx = fastXlsx(tables, { level: 1 });
	if (tables.length === 1) files[`${base}.csv`] = fastCsv(tables[0]!);
	else for (const t of tables) files[`${base}-${fileSlug(t.name)}.csv`] = fastCsv(t);
	files[`${base}.xlsx`] = await xlsx;
}

function fileSlug(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
}
