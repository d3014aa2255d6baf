import { latestChange } from '../core/versions';
import { eq } from 'drizzle-orm';
import { counties, type clients } from '../../db/schema';
import { manualStatusChoices } from '../../domain/client-status';
import { recordAudit } from '../core/audit';
import { requireClient } from '../core/access';
import { today, type ServiceContext } from '../core/context';
import { referralChoices } from '../partners/partners';
import { listMunicipalities } from '../core/reference';

/**
 * The client edit page (/clients/[id]/edit, issue 3): the stored entry as form values, with the
 * choices of the client's county (municipalities, social partners) and the statuses the
 * coordinator may choose. Needs `client:update` (an expert gets 403, another county 404).
 * Opening the form reads the identifiers, so it is audited as a view.
 */
export async function clientEditForm(ctx: ServiceContext, clientId: string) {
	const { row } = await requireClient(ctx, clientId, 'client:update', 'client.update');
	const [county] = await ctx.db.select().from(counties).where(eq(counties.id, row.countyId));
	const municipalities = await listMunicipalities(ctx, row.countyId);
	const partners = await referralChoices(ctx.db, [row.countyId], row.referralPartnerId);
	await recordAudit(ctx.db, ctx, {
		action: 'client.view',
		entityType: 'client',
		entityId: clientId,
		countyId: row.countyId,
		details: { form: 'edit' }
	});
	return {
		client: {
			id: row.id,
			firstName: row.firstName,
			lastName: row.lastName,
			status: row.status
		},
		editable: row.status !== 'anonymised',
		values: clientFormValuesOf(row),
		/** The version the form is read at: a save made from an older one is a conflict. */
		version: row.version,
		/** Who saved the version shown (for the conflict notice). */
		changedBy: await latestChange(ctx.db, 'client', clientId, ['client.update', 'client.create']),
		statusChoices: manualStatusChoices(row.status),
		counties: [
			{
				id: row.countyId,
				name: county?.name ?? '',
				municipalities: municipalities.map((m) => ({ id: m.id, name: m.name })),
				partners: partners.map((p) => ({ id: p.id, name: p.name, kind: p.kind }))
			}
		],
		today: today(ctx)
	};
}

export type ClientEditForm = Awaited<ReturnType<typeof clientEditForm>>;

/** A stored client as the values of the client form (strings; arrays for checkbox groups). */
export function clientFormValuesOf(
	row: typeof clients.$inferSelect
): Record<string, string | string[]> {
	const s = (v: string | number | null) => (v === null ? '' : String(v));
	return {
		countyId: row.countyId,
		municipalityId: s(row.municipalityId),
		settlement: s(row.settlement),
		livingSituation: s(row.livingSituation),
		situation: s(row.situation),
		referralPartnerId: s(row.referralPartnerId),
		referralPerson: s(row.referralPerson),
		referredOn: s(row.referredOn),
		firstName: s(row.firstName),
		lastName: s(row.lastName),
		isikukood: s(row.isikukood),
		dateOfBirth: s(row.dateOfBirth),
		gender: s(row.gender),
		languages: [...row.languages],
		languageOther: s(row.languageOther),
		phone: s(row.phone),
		street: s(row.street),
		contactPersonName: s(row.contactPersonName),
		contactPersonPhone: s(row.contactPersonPhone),
		contactPersonRelation: s(row.contactPersonRelation),
		helpProfilesWanted: [...row.helpProfilesWanted],
		tasks: s(row.tasks),
		helpAmount: s(row.helpAmount),
		helpUnit: s(row.helpUnit),
		helpPeriod: s(row.helpPeriod),
		preferredVolunteerGender: s(row.preferredVolunteerGender),
		preferredLanguage: s(row.preferredLanguage),
		hasPets: row.hasPets ? 'true' : 'false',
		smokesAtHome: row.smokesAtHome ? 'true' : 'false',
		notes: s(row.notes),
		consentGivenOn: s(row.consentGivenOn),
		status: row.status,
		endedOn: s(row.endedOn),
		endReason: s(row.endReason)
	};
}
