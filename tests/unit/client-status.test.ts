import { describe, expect, it } from 'vitest';
import {
	checkStatusChange,
	manualStatusChoices,
	planStatusChange,
	type ClientStatus,
	type StatusFields
} from '$lib/server/domain/client-status';

/** Issue 3: the client's status life cycle (mapped → waiting → paired → ended | anonymised). */
const ALL: ClientStatus[] = ['mapped', 'waiting', 'paired', 'ended', 'anonymised'];
const TODAY = '2026-11-23';

const row = (over: Partial<StatusFields> = {}): StatusFields => ({
	status: 'mapped',
	waitingSince: null,
	endedOn: null,
	endReason: null,
	...over
});

describe('checkStatusChange', () => {
	it.each([
		['mapped', 'waiting'],
		['mapped', 'ended'],
		['waiting', 'mapped'],
		['waiting', 'ended'],
		['ended', 'mapped'],
		['ended', 'waiting']
	] as const)('lets the coordinator move %s → %s', (from, to) => {
		expect(checkStatusChange(from, to, 'coordinator')).toEqual({ ok: true });
	});

	it('lets anyone keep the status as it is, but nobody touch an anonymised client', () => {
		for (const s of ALL.filter((s) => s !== 'anonymised')) {
			expect(checkStatusChange(s, s, 'coordinator')).toEqual({ ok: true });
		}
		for (const by of ['coordinator', 'pairing', 'anonymisation'] as const) {
			for (const to of ALL) {
				expect(checkStatusChange('anonymised', to, by)).toEqual({
					ok: false,
					error: 'client.anonymised'
				});
			}
		}
	});

	it('never lets the coordinator set "paired" or "anonymised" by hand', () => {
		for (const from of ['mapped', 'waiting', 'ended'] as const) {
			expect(checkStatusChange(from, 'paired', 'coordinator')).toEqual({
				ok: false,
				error: 'client.status_not_manual'
			});
			expect(checkStatusChange(from, 'anonymised', 'coordinator')).toEqual({
				ok: false,
				error: 'client.status_not_manual'
			});
		}
	});

	it('keeps a paired client’s status with the pairings', () => {
		for (const to of ['mapped', 'waiting', 'ended'] as const) {
			expect(checkStatusChange('paired', to, 'coordinator')).toEqual({
				ok: false,
				error: 'client.status_paired_error'
			});
		}
		expect(checkStatusChange('mapped', 'paired', 'pairing').ok).toBe(true);
		expect(checkStatusChange('waiting', 'paired', 'pairing').ok).toBe(true);
		expect(checkStatusChange('paired', 'waiting', 'pairing').ok).toBe(true);
		expect(checkStatusChange('paired', 'ended', 'pairing').ok).toBe(true);
		// An ended client is reopened by the coordinator before a new pairing.
		expect(checkStatusChange('ended', 'paired', 'pairing')).toEqual({
			ok: false,
			error: 'client.status_not_allowed'
		});
		expect(checkStatusChange('paired', 'mapped', 'pairing').ok).toBe(false);
	});

	it('lets anonymisation end every state but its own', () => {
		for (const from of ['mapped', 'waiting', 'paired', 'ended'] as const) {
			expect(checkStatusChange(from, 'anonymised', 'anonymisation').ok).toBe(true);
			expect(checkStatusChange(from, 'waiting', 'anonymisation').ok).toBe(from === 'waiting');
		}
	});
});

describe('manualStatusChoices', () => {
	it('offers the current status and where the coordinator may move it', () => {
		expect(manualStatusChoices('mapped')).toEqual(['mapped', 'waiting', 'ended']);
		expect(manualStatusChoices('waiting')).toEqual(['waiting', 'mapped', 'ended']);
		expect(manualStatusChoices('ended')).toEqual(['ended', 'mapped', 'waiting']);
		expect(manualStatusChoices('paired')).toEqual([]);
		expect(manualStatusChoices('anonymised')).toEqual([]);
	});
});

describe('planStatusChange', () => {
	it('starts the waiting time on the day the client starts to wait, and keeps it', () => {
		const plan = planStatusChange(row(), 'waiting', 'coordinator', TODAY);
		expect(plan).toEqual({
			ok: true,
			changed: true,
			fields: { status: 'waiting', waitingSince: TODAY, endedOn: null, endReason: null }
		});
		const again = planStatusChange(
			row({ status: 'waiting', waitingSince: '2026-01-05' }),
			'waiting',
			'coordinator',
			TODAY
		);
		expect(again).toMatchObject({
			ok: true,
			changed: false,
			fields: { waitingSince: '2026-01-05' }
		});
	});

	it('clears the waiting time when the client goes back to "mapped"', () => {
		const plan = planStatusChange(
			row({ status: 'waiting', waitingSince: '2026-01-05' }),
			'mapped',
			'coordinator',
			TODAY
		);
		expect(plan).toMatchObject({ ok: true, fields: { status: 'mapped', waitingSince: null } });
	});

	it('requires an end date (not in the future) and a reason to end', () => {
		expect(planStatusChange(row(), 'ended', 'coordinator', TODAY)).toEqual({
			ok: false,
			errors: { endedOn: 'client.end.date_required', endReason: 'client.end.reason_required' }
		});
		expect(
			planStatusChange(row(), 'ended', 'coordinator', TODAY, {
				endedOn: '2026-11-24',
				endReason: '   '
			})
		).toEqual({
			ok: false,
			errors: { endedOn: 'client.end.date_future', endReason: 'client.end.reason_required' }
		});
		expect(
			planStatusChange(
				row({ status: 'waiting', waitingSince: '2026-01-01' }),
				'ended',
				'coordinator',
				TODAY,
				{
					endedOn: TODAY,
					endReason: ' Kolis hooldekodusse '
				}
			)
		).toEqual({
			ok: true,
			changed: true,
			fields: {
				status: 'ended',
				waitingSince: '2026-01-01',
				endedOn: TODAY,
				endReason: 'Kolis hooldekodusse'
			}
		});
	});

	it('lets an ended client’s end be corrected, and clears it when the client comes back', () => {
		const ended = row({ status: 'ended', endedOn: '2026-10-01', endReason: 'Suri' });
		expect(
			planStatusChange(ended, 'ended', 'coordinator', TODAY, { endReason: 'Loobus teenusest' })
		).toMatchObject({
			ok: true,
			changed: true,
			fields: { endedOn: '2026-10-01', endReason: 'Loobus teenusest' }
		});
		expect(planStatusChange(ended, 'ended', 'coordinator', TODAY, {})).toMatchObject({
			ok: true,
			changed: false
		});
		expect(planStatusChange(ended, 'waiting', 'coordinator', TODAY)).toEqual({
			ok: true,
			changed: true,
			fields: { status: 'waiting', waitingSince: TODAY, endedOn: null, endReason: null }
		});
	});

	it('reports a refused move on the status field', () => {
		expect(planStatusChange(row({ status: 'paired' }), 'ended', 'coordinator', TODAY)).toEqual({
			ok: false,
			errors: { status: 'client.status_paired_error' }
		});
	});

	it('restarts the waiting time when the last pairing ends', () => {
		const plan = planStatusChange(
			row({ status: 'paired', waitingSince: '2025-05-01' }),
			'waiting',
			'pairing',
			TODAY
		);
		expect(plan).toMatchObject({ ok: true, fields: { status: 'waiting', waitingSince: TODAY } });
	});

	it('keeps the end day but drops the free-text reason on anonymisation', () => {
		const plan = planStatusChange(
			row({ status: 'ended', endedOn: '2026-10-01', endReason: 'Kolis tütre juurde' }),
			'anonymised',
			'anonymisation',
			TODAY
		);
		expect(plan).toMatchObject({
			ok: true,
			fields: { status: 'anonymised', endedOn: '2026-10-01', endReason: null }
		});
	});
});

describe('planStatusChange with a whole record', () => {
	it('returns only the status columns, never the caller’s other fields', () => {
		const record = { ...row(), firstName: 'Stored', settlement: 'Old' } as StatusFields;
		const plan = planStatusChange(record, 'waiting', 'coordinator', TODAY);
		expect(plan.ok && Object.keys(plan.fields).sort()).toEqual([
			'endReason',
			'endedOn',
			'status',
			'waitingSince'
		]);
	});
});
