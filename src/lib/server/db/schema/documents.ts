import { sql } from 'drizzle-orm';
import {
	bigint,
	check,
	index,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { counties } from './reference';
import { users } from './auth';
import { clients, pairings, volunteers } from './people';
import { volunteerApplications } from './recruitment';
import { socialPartners } from './partners';
import { DOCUMENT_KINDS, sqlList } from '../../domain/vocabulary';

/**
 * Every file in the system (R-DOC-1): the bytes live in the file store (local disk under
 * DATA_DIR, or S3-compatible storage) under `storageKey`; this row says what it is, whose it is
 * and how to check it. Downloads go through the documents service (policy + audit), never a
 * public path. A document belongs to at most one record; county-level documents (training
 * material, minutes) belong to none but the county.
 */
export const documents = pgTable(
	'document',
	{
		id: uuid().primaryKey().defaultRandom(),
		countyId: uuid().references(() => counties.id, { onDelete: 'restrict' }),
		kind: text({ enum: DOCUMENT_KINDS }).notNull(),
		clientId: uuid().references((): AnyPgColumn => clients.id, { onDelete: 'restrict' }),
		volunteerId: uuid().references((): AnyPgColumn => volunteers.id, { onDelete: 'restrict' }),
		/** Deleted together with the application when the candidate is not selected (R-VOL-6). */
		applicationId: uuid().references((): AnyPgColumn => volunteerApplications.id, {
			onDelete: 'restrict'
		}),
		pairingId: uuid().references((): AnyPgColumn => pairings.id, { onDelete: 'restrict' }),
		partnerId: uuid().references((): AnyPgColumn => socialPartners.id, { onDelete: 'restrict' }),
		/** Other owners added by later features, e.g. 'survey_response:<id>' or 'mileage_claim:<id>'. */
		ownerRef: text(),
		/** The name the uploader's file had; shown, never used to pick the type. */
		fileName: text().notNull(),
		/** Recognised from the content (magic bytes), not from the name. */
		mediaType: text().notNull(),
		sizeBytes: bigint({ mode: 'number' }).notNull(),
		sha256: text().notNull(),
		storageKey: text().notNull(),
		description: text(),
		uploadedBy: uuid().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
		uploadedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('document_storage_key_uq').on(t.storageKey),
		index('document_client_idx').on(t.clientId),
		index('document_volunteer_idx').on(t.volunteerId),
		index('document_application_idx').on(t.applicationId),
		index('document_pairing_idx').on(t.pairingId),
		index('document_owner_ref_idx').on(t.ownerRef),
		check('document_kind_ck', sql`${t.kind} in (${sql.raw(sqlList(DOCUMENT_KINDS))})`),
		check('document_sha256_ck', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
		check('document_size_ck', sql`${t.sizeBytes} > 0`),
		check(
			'document_one_owner_ck',
			sql`num_nonnulls(${t.clientId}, ${t.volunteerId}, ${t.applicationId}, ${t.partnerId}, ${t.ownerRef}) <= 1`
		)
	]
);
