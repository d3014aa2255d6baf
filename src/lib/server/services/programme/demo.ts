import { randomUUID } from 'node:crypto';
import {
	partnerMeetingFollowUps,
	partnerMeetingParticipants,
	partnerMeetings,
	programmeEventParticipants,
	programmeEvents,
	socialPartnerContacts,
	socialPartners,
	volunteerSupportEntries
} from '../../db/schema';
import type { Tx } from '../../db/client';
import { addDays } from '../../domain/dates';

/**
 * The programme part of the demo data set (issue 22), written by the generator's demo profile
 * (generator/demo.ts) in the same transaction: per county a base training everyone active
 * attended (so the activation check agrees with the records), a club meeting, a coming
 * development day with invitations and some answers, a support log for about half the active
 * volunteers (the others show on the attention list), and a partner meeting with participants,
 * consents and follow-ups — except in one county, whose meeting is a quarter old, so "next
 * partner meeting due" shows. One national training is coming. Deterministic for a given day.
 */

export interface ProgrammeDemoInput {
	day: string;
	/** County name → id, in a stable order. */
	counties: { name: string; id: string }[];
	volunteers: { id: string; county: string; status: string; hasAccount: boolean }[];
	coordinatorOf: Map<string, string>;
	adminId: string;
}

const PEOPLE = [
	['Sirje Tamm', 'vallavalitsuse sotsiaaltöö'],
	['Peeter Kask', 'perearstikeskus'],
	['Maie Lepp', 'raamatukogu'],
	['Aivar Mets', 'kogudus'],
	['Ene Saar', 'hooldekodu']
] as const;

const FOLLOW_UPS = [
	'Perearstikeskus annab teada üksi elavatest eakatest, kes soovivad seltsi.',
	'Raamatukogu paneb vabatahtlike kuulutuse välja.',
	'Järgmine kohtumine toimub vallamajas.'
];

export async function writeProgrammeDemo(tx: Tx, input: ProgrammeDemoInput) {
	const { day } = input;
	const stamp = (d: string) => new Date(`${d}T09:00:00Z`);
	const counts = { events: 0, attendances: 0, supportEntries: 0, partnerMeetings: 0 };
	const national = randomUUID();
	await tx.insert(programmeEvents).values({
		id: national,
		countyId: null,
		kind: 'further_training',
		title: 'Üleriigiline täienduskoolitus: suhtlemine mäluhäirega inimesega',
		heldOn: addDays(day, 21),
		startsAt: '10:00',
		place: 'Tallinn, Sotsiaalministeerium',
		agenda: '10:00 Tervitus\n10:30 Mäluhäire ja suhtlemine\n13:00 Lõuna\n14:00 Juhtumiarutelud',
		createdBy: input.adminId,
		createdAt: stamp(addDays(day, -10)),
		updatedAt: stamp(addDays(day, -10))
	});
	counts.events++;

	for (const [ci, county] of input.counties.entries()) {
		const coordinator = input.coordinatorOf.get(county.name) ?? null;
		const active = input.volunteers.filter(
			(v) => v.county === county.name && v.status === 'active'
		);
		const notEnded = input.volunteers.filter(
			(v) => v.county === county.name && v.status !== 'ended'
		);
		const base = randomUUID();
		const club = randomUUID();
		const coming = randomUUID();
		await tx.insert(programmeEvents).values([
			{
				id: base,
				countyId: county.id,
				kind: 'base_training',
				title: 'Stardipakett uutele vabatahtlikele',
				heldOn: addDays(day, -75 - (ci % 5)),
				startsAt: '10:00',
				place: 'Maakonna vabatahtlike keskus',
				agenda: 'Teenuse põhimõtted, turvalisus, kliendipäevik, kokkulepped.',
				createdBy: coordinator,
				createdAt: stamp(addDays(day, -100)),
				updatedAt: stamp(addDays(day, -100))
			},
			{
				id: club,
				countyId: county.id,
				kind: 'club_meeting',
				title: 'Vabatahtlike klubiõhtu',
				heldOn: addDays(day, -20 - (ci % 3)),
				startsAt: '17:30',
				place: 'Raamatukogu saal',
				createdBy: coordinator,
				createdAt: stamp(addDays(day, -40)),
				updatedAt: stamp(addDays(day, -40))
			},
			{
				id: coming,
				countyId: county.id,
				kind: 'development_day',
				title: 'Arengupäev: kogemused ja küsimused',
				heldOn: addDays(day, 10 + (ci % 4)),
				startsAt: '11:00',
				place: 'Kultuurimaja',
				agenda: 'Kogemuste ring, supervisioon väikestes rühmades, ühine lõuna.',
				createdBy: coordinator,
				createdAt: stamp(addDays(day, -5)),
				updatedAt: stamp(addDays(day, -5))
			}
		]);
		counts.events += 3;
		const rows: (typeof programmeEventParticipants.$inferInsert)[] = [];
		// Everyone who serves or served (active, paused, ended) took the base training: the
		// database derives their training date, and the activation check agrees (issue 17).
		const trained = input.volunteers.filter(
			(v) => v.county === county.name && v.status !== 'candidate'
		);
		for (const v of trained) {
			rows.push({
				eventId: base,
				volunteerId: v.id,
				invited: true,
				response: 'coming',
				attended: true,
				attendanceRecordedBy: coordinator,
				attendanceRecordedAt: stamp(addDays(day, -70))
			});
		}
		active.forEach((v, i) => {
			if (i % 2 === 0) {
				rows.push({
					eventId: club,
					volunteerId: v.id,
					invited: true,
					attended: i % 4 === 0,
					attendanceRecordedBy: coordinator,
					attendanceRecordedAt: stamp(addDays(day, -18))
				});
			}
		});
		notEnded.forEach((v, i) => {
			// The volunteers with an account are invited but left to answer themselves.
			const response = v.hasAccount
				? null
				: i % 3 === 0
					? 'coming'
					: i % 3 === 1
						? 'not_coming'
						: null;
			rows.push({
				eventId: coming,
				volunteerId: v.id,
				invited: v.status === 'active',
				response,
				respondedAt: response ? stamp(addDays(day, -2)) : null
			});
		});
		if (rows.length > 0) await tx.insert(programmeEventParticipants).values(rows);
		counts.attendances += rows.filter((r) => r.attended).length;

		const support = active
			.filter((_, i) => i % 2 === 0)
			.map((v, i) => ({
				volunteerId: v.id,
				happenedOn: addDays(day, -14 - ((i * 11) % 60)),
				kind: (['conversation', 'supervision', 'recognition'] as const)[i % 3]!,
				note:
					i % 3 === 2
						? 'Tänukiri aasta vabatahtlikule.'
						: 'Rääkisime koormusest ja kliendi tervisest.',
				createdBy: coordinator,
				createdAt: stamp(addDays(day, -14))
			}));
		if (support.length > 0) await tx.insert(volunteerSupportEntries).values(support);
		counts.supportEntries += support.length;

		// A partner with a contact person who takes part in the meetings.
		const partnerId = randomUUID();
		await tx.insert(socialPartners).values({
			id: partnerId,
			countyId: county.id,
			name: `${county.name.replace(/ maakond$/, '')} valla sotsiaaltöö`,
			kind: 'municipality_social_work',
			createdBy: coordinator,
			createdAt: stamp(addDays(day, -200)),
			updatedAt: stamp(addDays(day, -200))
		});
		const contactId = randomUUID();
		await tx.insert(socialPartnerContacts).values({
			id: contactId,
			partnerId,
			name: PEOPLE[ci % PEOPLE.length]![0],
			role: 'sotsiaaltöötaja',
			createdAt: stamp(addDays(day, -200))
		});
		// The last county met a quarter ago: its next meeting is due.
		const meetingId = randomUUID();
		const heldOn = addDays(day, ci === input.counties.length - 1 ? -100 : -35 - (ci % 20));
		await tx.insert(partnerMeetings).values({
			id: meetingId,
			countyId: county.id,
			heldOn,
			place: 'Vallamaja',
			agenda: 'Kvartali ülevaade; uued abivajajad; vabatahtlike leidmine.',
			summary: 'Arutati üksi elavate eakate leidmist ja vabatahtlike värbamist.',
			createdBy: coordinator,
			createdAt: stamp(heldOn),
			updatedAt: stamp(heldOn)
		});
		await tx.insert(partnerMeetingParticipants).values([
			{
				meetingId,
				partnerId,
				contactId,
				name: PEOPLE[ci % PEOPLE.length]![0],
				organisation: `${county.name.replace(/ maakond$/, '')} valla sotsiaaltöö`,
				recordingConsent: true
			},
			{
				meetingId,
				name: PEOPLE[(ci + 1) % PEOPLE.length]![0],
				organisation: PEOPLE[(ci + 1) % PEOPLE.length]![1],
				recordingConsent: true
			},
			{
				meetingId,
				name: PEOPLE[(ci + 2) % PEOPLE.length]![0],
				organisation: PEOPLE[(ci + 2) % PEOPLE.length]![1],
				recordingConsent: ci % 2 === 0
			}
		]);
		await tx.insert(partnerMeetingFollowUps).values(
			FOLLOW_UPS.slice(0, 2).map((text, i) => ({
				meetingId,
				text,
				responsible: PEOPLE[(ci + i + 1) % PEOPLE.length]![0],
				dueOn: addDays(heldOn, 30),
				doneOn: i === 0 ? addDays(heldOn, 20) : null
			}))
		);
		counts.partnerMeetings++;
	}
	return counts;
}
