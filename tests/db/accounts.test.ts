import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, isNull } from 'drizzle-orm';
import {
	auditEvents,
	mailOutbox,
	roleGrants,
	sessions,
	users,
	userTokens
} from '$lib/server/db/schema';
import { AppError } from '$lib/server/errors';
import { login } from '$lib/server/services/auth/login';
import { validateSession } from '$lib/server/services/auth/sessions';
import { acceptInvite, inviteLinkInfo } from '$lib/server/services/auth/invitations';
import {
	requestPasswordReset,
	resetLinkIsValid,
	resetPassword,
	RESET_REQUESTS_PER_EMAIL,
	RESET_REQUESTS_PER_IP
} from '$lib/server/services/auth/password-reset';
import {
	changePassword,
	getMyAccount,
	setPreferredLocale
} from '$lib/server/services/auth/account';
import {
	disableUser,
	enableUser,
	getUser,
	listUsers,
	updateGrants,
	userFormOptions
} from '$lib/server/services/admin/users';
import {
	inviteUser,
	inviteVolunteerAccount,
	resendInvite
} from '$lib/server/services/admin/user-invitations';
import { countyByName, seedUser, seedVolunteer } from '$lib/server/fixtures/factories';
import type { Actor } from '$lib/server/policy/actor';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { linkToken, startSmtpServer, type TestSmtp } from '../helpers/smtp';
import { refusal } from '../helpers/errors';

const PASSWORD = 'kollased lehed langevad aeglaselt';
const NEW_PASSWORD = 'punane paat sinisel järvel';

let t: TestDatabase;
let smtp: TestSmtp;
let admin: Actor;
let harjuId: string;
let tartuId: string;
let harjuCoordinator: Actor;

beforeAll(async () => {
	smtp = await startSmtpServer();
	t = await createTestDatabase({ smtpUrl: smtp.url });
	const db = t.handle.db;
	harjuId = (await countyByName(db, 'Harju maakond')).id;
	tartuId = (await countyByName(db, 'Tartu maakond')).id;
	admin = (await seedUser(db, { password: PASSWORD, grants: [{ role: 'admin' }] })).actor;
	harjuCoordinator = (
		await seedUser(db, {
			password: PASSWORD,
			grants: [{ role: 'coordinator', countyId: harjuId }]
		})
	).actor;
});
afterAll(async () => {
	await t?.close();
	await smtp?.close();
});

let n = 0;
const uniqueEmail = (prefix: string) => `${prefix}.${++n}.${Date.now()}@example.ee`;
const settings = () => ({
	idleMinutes: t.config.SESSION_IDLE_MINUTES,
	absoluteHours: t.config.SESSION_ABSOLUTE_HOURS
});
const days = (d: number) => new Date(Date.now() + d * 24 * 3600_000);

async function inviteCoordinator(email = uniqueEmail('koordinaator'), name = 'Mari Maasikas') {
	const id = await inviteUser(t.ctx(admin), {
		email,
		name,
		grants: [{ role: 'coordinator', countyId: harjuId }]
	});
	const mail = await smtp.waitForMail(email);
	return { id, email, name, mail, token: linkToken(mail, '/invite') };
}

async function rowCounts() {
	const db = t.handle.db;
	const one = async (table: typeof users | typeof roleGrants | typeof userTokens) =>
		Number((await db.select({ n: count() }).from(table))[0]!.n);
	return {
		users: await one(users),
		grants: await one(roleGrants),
		tokens: await one(userTokens),
		outbox: Number((await db.select({ n: count() }).from(mailOutbox))[0]!.n),
		invites: Number(
			(
				await db
					.select({ n: count() })
					.from(auditEvents)
					.where(and(eq(auditEvents.action, 'user.invite'), eq(auditEvents.outcome, 'success')))
			)[0]!.n
		)
	};
}

describe('invitation by e-mail', () => {
	it('invites, mails the link, accepts it and logs in', async () => {
		const { id, email, mail, token } = await inviteCoordinator();
		expect(mail.subject).toBe('Kutse Seltsilise kasutajaks');
		expect(mail.text).toContain('Mari Maasikas');
		expect(mail.text).toMatch(/^Tere, Mari Maasikas!/);

		const created = await getUser(t.ctx(admin), id);
		expect(created.status).toBe('invited');
		expect(created.grants).toEqual([
			expect.objectContaining({
				role: 'coordinator',
				countyId: harjuId,
				countyName: 'Harju maakond'
			})
		]);
		expect(created.inviteExpiresAt).not.toBeNull();

		expect(await inviteLinkInfo(t.ctx(null), token)).toEqual({ name: 'Mari Maasikas', email });
		const session = await acceptInvite(t.ctx(null), {
			token,
			password: PASSWORD,
			userAgent: 'vitest'
		});
		const valid = await validateSession(t.handle.db, session.token, new Date(), settings());
		expect(valid?.actor.userId).toBe(id);
		expect(valid?.actor.coordinatorCountyIds).toEqual([harjuId]);

		const again = await login(t.ctx(null), { email, password: PASSWORD, userAgent: null });
		expect(again.token).toBeTruthy();
		expect((await getUser(t.ctx(admin), id)).status).toBe('active');
	});

	it('writes the invitation in the language chosen for the user', async () => {
		const email = uniqueEmail('english');
		await inviteUser(t.ctx(admin), {
			email,
			name: 'John Smith',
			locale: 'en',
			grants: [{ role: 'expert' }]
		});
		const mail = await smtp.waitForMail(email);
		expect(mail.subject).toBe('Invitation to Seltsiline');
		expect(mail.text).toContain('Hello, John Smith!');
		expect(linkToken(mail, '/invite')).toMatch(/^[a-z0-9]{20,}$/);
	});

	it('lets a link be used only once', async () => {
		const { token } = await inviteCoordinator();
		await acceptInvite(t.ctx(null), { token, password: PASSWORD, userAgent: null });
		expect(await inviteLinkInfo(t.ctx(null), token)).toBeNull();
		const e = await refusal(
			acceptInvite(t.ctx(null), { token, password: NEW_PASSWORD, userAgent: null })
		);
		expect(e.messageKey).toBe('auth.link_invalid');
	});

	it('refuses an expired link (valid for 7 days)', async () => {
		const { id, token } = await inviteCoordinator();
		expect(await inviteLinkInfo(t.ctx(null, { now: days(6) }), token)).not.toBeNull();
		expect(await inviteLinkInfo(t.ctx(null, { now: days(8) }), token)).toBeNull();
		const e = await refusal(
			acceptInvite(t.ctx(null, { now: days(8) }), { token, password: PASSWORD, userAgent: null })
		);
		expect(e.messageKey).toBe('auth.link_invalid');
		expect((await getUser(t.ctx(admin), id)).status).toBe('invited');
	});

	it('a resent invitation voids the earlier link', async () => {
		const { id, email, token: first } = await inviteCoordinator();
		await resendInvite(t.ctx(admin), id);
		const second = linkToken(await smtp.waitForMail(email), '/invite');
		expect(second).not.toBe(first);
		expect(await inviteLinkInfo(t.ctx(null), first)).toBeNull();
		await acceptInvite(t.ctx(null), { token: second, password: PASSWORD, userAgent: null });
		const e = await refusal(resendInvite(t.ctx(admin), id));
		expect(e.messageKey).toBe('admin.users.not_invited');
	});

	it('refuses weak passwords and keeps the link usable', async () => {
		const { token } = await inviteCoordinator(undefined, 'Peeter Pakiraam');
		const short = await refusal(
			acceptInvite(t.ctx(null), { token, password: 'lühike', userAgent: null })
		);
		expect(short.code).toBe('invalid');
		expect(short.fields.password).toBe('password.too_short');
		const common = await refusal(
			acceptInvite(t.ctx(null), { token, password: 'password1234567', userAgent: null })
		);
		expect(common.fields.password).toBe('password.common');
		const sequence = await refusal(
			acceptInvite(t.ctx(null), { token, password: '123456789012345678', userAgent: null })
		);
		expect(sequence.fields.password).toBe('password.sequential');
		expect(await inviteLinkInfo(t.ctx(null), token)).not.toBeNull();
		await expect(
			acceptInvite(t.ctx(null), { token, password: PASSWORD, userAgent: null })
		).resolves.toHaveProperty('token');
	});

	it('a disabled invitee cannot use the link', async () => {
		const { id, token } = await inviteCoordinator();
		await disableUser(t.ctx(admin), id);
		expect(await inviteLinkInfo(t.ctx(null), token)).toBeNull();
		await refusal(acceptInvite(t.ctx(null), { token, password: PASSWORD, userAgent: null }));
		await enableUser(t.ctx(admin), id);
		expect((await getUser(t.ctx(admin), id)).status).toBe('invited');
		// The old link stays void; a new invitation works.
		expect(await inviteLinkInfo(t.ctx(null), token)).toBeNull();
	});

	it('writes nothing when the e-mail address is already taken (rollback)', async () => {
		const { email } = await inviteCoordinator();
		const before = await rowCounts();
		const e = await refusal(
			inviteUser(t.ctx(admin), {
				email: `  ${email.toUpperCase()} `,
				name: 'Teine Inimene',
				grants: [{ role: 'expert' }, { role: 'coordinator', countyId: tartuId }]
			})
		);
		expect(e.code).toBe('conflict');
		expect(e.fields.email).toBe('admin.users.email_taken');
		expect(await rowCounts()).toEqual(before);
	});

	it('two simultaneous invitations of one address create one account', async () => {
		const email = uniqueEmail('kaks');
		const before = await rowCounts();
		const results = await Promise.allSettled(
			[1, 2].map((i) =>
				inviteUser(t.ctx(admin), { email, name: `Kaks ${i}`, grants: [{ role: 'expert' }] })
			)
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect((rejected.reason as AppError).messageKey).toBe('admin.users.email_taken');
		const after = await rowCounts();
		expect(after.users - before.users).toBe(1);
		expect(after.tokens - before.tokens).toBe(1);
		expect(after.outbox - before.outbox).toBe(1);
		await smtp.waitForMail(email);
	});

	it('validates the grants', async () => {
		const base = { email: uniqueEmail('vigane'), name: 'Vigane Valik' };
		const none = await refusal(inviteUser(t.ctx(admin), { ...base, grants: [] }));
		expect(none.fields.grants).toBe('admin.users.grants_required');
		const noCounty = await refusal(
			inviteUser(t.ctx(admin), { ...base, grants: [{ role: 'coordinator' }] })
		);
		expect(noCounty.fields.grants).toBe('admin.users.grant_county_required');
		const unknownCounty = await refusal(
			inviteUser(t.ctx(admin), {
				...base,
				grants: [{ role: 'coordinator', countyId: '00000000-0000-4000-8000-000000000000' }]
			})
		);
		expect(unknownCounty.fields.grants).toBe('error.choice');
		const badEmail = await refusal(
			inviteUser(t.ctx(admin), { ...base, email: 'not-an-address', grants: [{ role: 'expert' }] })
		);
		expect(badEmail.fields.email).toBe('error.email');
	});

	it('keeps personal data out of the audit details', async () => {
		const { id, email } = await inviteCoordinator(undefined, 'Salajane Nimi');
		const [event] = await t.handle.db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.action, 'user.invite'), eq(auditEvents.entityId, id)));
		expect(event?.countyId).toBe(harjuId);
		const details = JSON.stringify(event?.details);
		expect(details).not.toContain(email);
		expect(details).not.toContain('Salajane');
	});
});

describe('password reset by e-mail', () => {
	it('mails a link, sets the new password, ends the old sessions', async () => {
		const { user } = await seedUser(t.handle.db, { password: PASSWORD });
		const old = await login(t.ctx(null), {
			email: user.email,
			password: PASSWORD,
			userAgent: null
		});
		await requestPasswordReset(t.ctx(null, { ip: '198.51.100.1' }), user.email.toUpperCase());
		const mail = await smtp.waitForMail(user.email);
		expect(mail.subject).toBe('Seltsilise parooli lähtestamine');
		const token = linkToken(mail, '/password/reset');
		expect(await resetLinkIsValid(t.ctx(null), token)).toBe(true);

		await resetPassword(t.ctx(null), { token, password: NEW_PASSWORD });
		expect(await validateSession(t.handle.db, old.token, new Date(), settings())).toBeNull();
		await refusal(login(t.ctx(null), { email: user.email, password: PASSWORD, userAgent: null }));
		await expect(
			login(t.ctx(null), { email: user.email, password: NEW_PASSWORD, userAgent: null })
		).resolves.toHaveProperty('token');
		// Single use.
		expect(await resetLinkIsValid(t.ctx(null), token)).toBe(false);
		const e = await refusal(resetPassword(t.ctx(null), { token, password: PASSWORD }));
		expect(e.messageKey).toBe('auth.link_invalid');
	});

	it('a reset link expires after one hour', async () => {
		const { user } = await seedUser(t.handle.db, { password: PASSWORD });
		await requestPasswordReset(t.ctx(null, { ip: '198.51.100.2' }), user.email);
		const token = linkToken(await smtp.waitForMail(user.email), '/password/reset');
		const later = new Date(Date.now() + 61 * 60_000);
		expect(await resetLinkIsValid(t.ctx(null, { now: later }), token)).toBe(false);
		const e = await refusal(
			resetPassword(t.ctx(null, { now: later }), { token, password: NEW_PASSWORD })
		);
		expect(e.messageKey).toBe('auth.link_invalid');
	});

	it('answers the same for an unknown address and sends nothing', async () => {
		const unknown = uniqueEmail('tundmatu');
		const invited = await seedUser(t.handle.db, {
			status: 'invited',
			email: uniqueEmail('kutsutud')
		});
		const disabled = await seedUser(t.handle.db, {
			status: 'disabled',
			password: PASSWORD,
			email: uniqueEmail('suletud')
		});
		const known = await seedUser(t.handle.db, { password: PASSWORD });
		const before = await rowCounts();
		const answers = [];
		for (const email of [unknown, invited.user.email, disabled.user.email, known.user.email]) {
			answers.push(await requestPasswordReset(t.ctx(null, { ip: '198.51.100.3' }), email));
		}
		expect(new Set(answers.map((a) => JSON.stringify(a ?? null))).size).toBe(1);
		await smtp.waitForMail(known.user.email);
		const after = await rowCounts();
		expect(after.outbox - before.outbox).toBe(1);
		expect(after.tokens - before.tokens).toBe(1);
		await t.mailer.flush(t.handle.db);
		for (const email of [unknown, invited.user.email, disabled.user.email]) {
			expect(smtp.mailTo(email)).toHaveLength(0);
		}
	});

	it('throttles per address silently and per IP visibly', async () => {
		const { user } = await seedUser(t.handle.db, { password: PASSWORD });
		for (let i = 0; i < RESET_REQUESTS_PER_EMAIL + 2; i++) {
			await requestPasswordReset(t.ctx(null, { ip: `198.51.100.${10 + i}` }), user.email);
		}
		await t.mailer.flush(t.handle.db);
		await smtp.waitForMail(user.email);
		expect(smtp.mailTo(user.email)).toHaveLength(RESET_REQUESTS_PER_EMAIL);

		const ip = '198.51.100.99';
		for (let i = 0; i < RESET_REQUESTS_PER_IP; i++) {
			await requestPasswordReset(t.ctx(null, { ip }), uniqueEmail('ip'));
		}
		const e = await refusal(requestPasswordReset(t.ctx(null, { ip }), uniqueEmail('ip')));
		expect(e.code).toBe('rate_limited');
		expect(e.messageKey).toBe('auth.forgot.throttled');
	});

	it('refuses a weak new password and keeps the link', async () => {
		const { user } = await seedUser(t.handle.db, { password: PASSWORD });
		await requestPasswordReset(t.ctx(null, { ip: '198.51.100.4' }), user.email);
		const token = linkToken(await smtp.waitForMail(user.email), '/password/reset');
		const short = await refusal(resetPassword(t.ctx(null), { token, password: 'short' }));
		expect(short.fields.password).toBe('password.too_short');
		const common = await refusal(
			resetPassword(t.ctx(null), { token, password: 'passwordpassword' })
		);
		expect(common.fields.password).toBe('password.common');
		const ownEmail = await refusal(resetPassword(t.ctx(null), { token, password: user.email }));
		expect(ownEmail.fields.password).toBe('password.context');
		expect(await resetLinkIsValid(t.ctx(null), token)).toBe(true);
	});
});

describe('own account', () => {
	it('changes the password only with the right current one', async () => {
		const { actor } = await seedUser(t.handle.db, {
			password: PASSWORD,
			grants: [{ role: 'expert' }]
		});
		const wrong = await refusal(
			changePassword(t.ctx(actor), { currentPassword: 'not it at all', newPassword: NEW_PASSWORD })
		);
		expect(wrong.fields.currentPassword).toBe('auth.account.wrong_password');
		const weak = await refusal(
			changePassword(t.ctx(actor), { currentPassword: PASSWORD, newPassword: 'qwertyuiopasdfg' })
		);
		expect(weak.fields.newPassword).toBe('password.common');
		await expect(
			changePassword(t.ctx(actor), { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
		).resolves.toHaveProperty('token');
	});

	it('shows my roles and saves my language', async () => {
		const { actor } = await seedUser(t.handle.db, {
			password: PASSWORD,
			grants: [
				{ role: 'coordinator', countyId: harjuId },
				{ role: 'coordinator', countyId: tartuId }
			]
		});
		const mine = await getMyAccount(t.ctx(actor));
		expect(mine.grants.map((g) => g.countyName).sort()).toEqual(['Harju maakond', 'Tartu maakond']);
		expect(mine.locale).toBe('et');
		await setPreferredLocale(t.ctx(actor), 'en');
		expect((await getMyAccount(t.ctx(actor))).locale).toBe('en');
		const e = await refusal(setPreferredLocale(t.ctx(actor), 'de'));
		expect(e.fields.locale).toBe('error.choice');
		await refusal(getMyAccount(t.ctx(null)));
	});
});

describe('administration', () => {
	it('lists, searches and filters accounts', async () => {
		const email = uniqueEmail('otsitav');
		await inviteUser(t.ctx(admin), {
			email,
			name: 'Otsitav Õunapuu',
			grants: [{ role: 'coordinator', countyId: tartuId }]
		});
		await smtp.waitForMail(email);
		const byName = await listUsers(t.ctx(admin), { q: 'õunapuu' });
		expect(byName.rows.map((r) => r.email)).toEqual([email]);
		expect(byName.rows[0]!.grants[0]).toMatchObject({
			role: 'coordinator',
			countyName: 'Tartu maakond'
		});
		expect((await listUsers(t.ctx(admin), { q: email.toUpperCase() })).rows).toHaveLength(1);
		const invitedCoordinators = await listUsers(t.ctx(admin), {
			role: 'coordinator',
			status: 'invited'
		});
		expect(invitedCoordinators.rows.some((r) => r.email === email)).toBe(true);
		expect(invitedCoordinators.rows.every((r) => r.status === 'invited')).toBe(true);
		const admins = await listUsers(t.ctx(admin), { role: 'admin' });
		expect(admins.rows.every((r) => r.grants.some((g) => g.role === 'admin'))).toBe(true);
		expect((await listUsers(t.ctx(admin), { q: '100%_' })).rows).toHaveLength(0);
		const page1 = await listUsers(t.ctx(admin), { pageSize: 2 });
		const page2 = await listUsers(t.ctx(admin), { pageSize: 2, page: 2 });
		expect(page1.hasMore).toBe(true);
		expect(page2.rows[0]!.id).not.toBe(page1.rows[0]!.id);
		const [event] = await t.handle.db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.action, 'user.list'), eq(auditEvents.actorUserId, admin.userId)));
		expect(event?.outcome).toBe('success');
	});

	it('replaces grants, and the administrator keeps their own admin grant', async () => {
		const { id } = await inviteCoordinator();
		await updateGrants(t.ctx(admin), id, [
			{ role: 'coordinator', countyId: harjuId },
			{ role: 'coordinator', countyId: tartuId },
			{ role: 'expert' }
		]);
		const after = await getUser(t.ctx(admin), id);
		expect(after.grants.map((g) => `${g.role}:${g.countyName ?? ''}`).sort()).toEqual([
			'coordinator:Harju maakond',
			'coordinator:Tartu maakond',
			'expert:'
		]);
		const own = await refusal(updateGrants(t.ctx(admin), admin.userId, [{ role: 'expert' }]));
		expect(own.messageKey).toBe('admin.users.cannot_remove_own_admin');
		const self = await refusal(disableUser(t.ctx(admin), admin.userId));
		expect(self.messageKey).toBe('admin.users.cannot_disable_self');
		expect((await getUser(t.ctx(admin), admin.userId)).isSelf).toBe(true);
	});

	it('an administrator may take the admin grant from another administrator', async () => {
		const other = await seedUser(t.handle.db, { password: PASSWORD, grants: [{ role: 'admin' }] });
		await updateGrants(t.ctx(admin), other.user.id, [{ role: 'expert' }]);
		expect((await getUser(t.ctx(admin), other.user.id)).grants.map((g) => g.role)).toEqual([
			'expert'
		]);
	});

	it('links a volunteer grant to a free volunteer record only', async () => {
		const volunteer = await seedVolunteer(t.handle.db, { countyId: tartuId });
		const email = uniqueEmail('vabatahtlik');
		const id = await inviteUser(t.ctx(admin), {
			email,
			name: 'Vaba Tahtlik',
			grants: [{ role: 'volunteer', volunteerId: volunteer.id }]
		});
		await smtp.waitForMail(email);
		const options = await userFormOptions(t.ctx(admin));
		expect(options.volunteers.some((v) => v.id === volunteer.id)).toBe(false);
		expect(
			(await userFormOptions(t.ctx(admin), id)).volunteers.some((v) => v.id === volunteer.id)
		).toBe(true);
		const { id: other } = await inviteCoordinator();
		const e = await refusal(
			updateGrants(t.ctx(admin), other, [{ role: 'volunteer', volunteerId: volunteer.id }])
		);
		expect(e.messageKey).toBe('admin.users.volunteer_has_account');
	});

	it('hides every account function from non-administrators (404 + denied audit event)', async () => {
		const db = t.handle.db;
		const volunteerRecord = await seedVolunteer(db, { countyId: harjuId });
		const expert = (await seedUser(db, { password: PASSWORD, grants: [{ role: 'expert' }] })).actor;
		const volunteer = (
			await seedUser(db, {
				password: PASSWORD,
				grants: [{ role: 'volunteer', volunteerId: volunteerRecord.id }]
			})
		).actor;
		const target = (await seedUser(db, { password: PASSWORD })).user.id;
		for (const actor of [harjuCoordinator, expert, volunteer]) {
			const ctx = () => t.ctx(actor);
			const calls: [string, () => Promise<unknown>][] = [
				['user.list', () => listUsers(ctx(), {})],
				['user.view', () => getUser(ctx(), target)],
				[
					'user.invite',
					() =>
						inviteUser(ctx(), {
							email: uniqueEmail('keelatud'),
							name: 'Ei Tohi',
							grants: [{ role: 'admin' }]
						})
				],
				['user.grant', () => updateGrants(ctx(), target, [{ role: 'admin' }])],
				['user.disable', () => disableUser(ctx(), target)],
				['user.enable', () => enableUser(ctx(), target)]
			];
			for (const [action, call] of calls) {
				const e = await refusal(call());
				expect(e.code, `${action} by ${actor.userId}`).toBe('not_found');
				const denied = await db
					.select()
					.from(auditEvents)
					.where(
						and(
							eq(auditEvents.action, action),
							eq(auditEvents.actorUserId, actor.userId),
							eq(auditEvents.outcome, 'denied')
						)
					);
				expect(denied.length, `${action} denial audited`).toBeGreaterThan(0);
			}
		}
		const targetGrants = await db.select().from(roleGrants).where(eq(roleGrants.userId, target));
		expect(targetGrants).toHaveLength(0);
	});

	it('nobody logged out reaches the account functions', async () => {
		expect((await refusal(listUsers(t.ctx(null), {}))).code).toBe('not_found');
	});
});

describe('coordinator invites a volunteer account', () => {
	it('for a volunteer of their own county', async () => {
		const email = uniqueEmail('oma');
		const record = await seedVolunteer(t.handle.db, { countyId: harjuId, email });
		const userId = await inviteVolunteerAccount(t.ctx(harjuCoordinator), record.id);
		const token = linkToken(await smtp.waitForMail(email), '/invite');
		const session = await acceptInvite(t.ctx(null), { token, password: PASSWORD, userAgent: null });
		const valid = await validateSession(t.handle.db, session.token, new Date(), settings());
		expect(valid?.actor.userId).toBe(userId);
		expect(valid?.actor.volunteerId).toBe(record.id);
		expect(valid?.actor.coordinatorCountyIds).toEqual([]);
		const events = await t.handle.db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.action, 'volunteer.invite'), eq(auditEvents.entityId, record.id)));
		expect(events).toEqual([expect.objectContaining({ outcome: 'success', countyId: harjuId })]);
		// Only one account per volunteer record.
		const e = await refusal(inviteVolunteerAccount(t.ctx(harjuCoordinator), record.id));
		expect(e.messageKey).toBe('admin.users.volunteer_has_account');
	});

	it('not for a volunteer of another county (404 + denied audit event), nothing written', async () => {
		const email = uniqueEmail('teine');
		const record = await seedVolunteer(t.handle.db, { countyId: tartuId, email });
		const before = await rowCounts();
		const e = await refusal(inviteVolunteerAccount(t.ctx(harjuCoordinator), record.id));
		expect(e.code).toBe('not_found');
		const denied = await t.handle.db
			.select()
			.from(auditEvents)
			.where(
				and(
					eq(auditEvents.action, 'volunteer.invite'),
					eq(auditEvents.entityId, record.id),
					eq(auditEvents.outcome, 'denied')
				)
			);
		expect(denied).toHaveLength(1);
		expect(await rowCounts()).toEqual(before);
		// The administrator may, for any county.
		await inviteVolunteerAccount(t.ctx(admin), record.id);
		await smtp.waitForMail(email);
	});

	it('not for an unknown id, nor for a record without an e-mail address', async () => {
		const missing = await refusal(
			inviteVolunteerAccount(t.ctx(harjuCoordinator), '00000000-0000-4000-8000-000000000000')
		);
		expect(missing.code).toBe('not_found');
		const record = await seedVolunteer(t.handle.db, { countyId: harjuId, email: null });
		const e = await refusal(inviteVolunteerAccount(t.ctx(harjuCoordinator), record.id));
		expect(e.messageKey).toBe('admin.users.volunteer_no_email');
	});

	it('not when the address already has an account', async () => {
		const record = await seedVolunteer(t.handle.db, {
			countyId: harjuId,
			email: harjuCoordinator.email
		});
		const e = await refusal(inviteVolunteerAccount(t.ctx(harjuCoordinator), record.id));
		expect(e.code).toBe('conflict');
		expect(e.messageKey).toBe('admin.users.email_taken');
		const grants = await t.handle.db
			.select()
			.from(roleGrants)
			.where(eq(roleGrants.volunteerId, record.id));
		expect(grants).toHaveLength(0);
	});
});

describe('disabling', () => {
	it('ends the sessions and open links; enabling lets the user back in', async () => {
		const { user } = await seedUser(t.handle.db, {
			password: PASSWORD,
			grants: [{ role: 'expert' }]
		});
		const s = await login(t.ctx(null), { email: user.email, password: PASSWORD, userAgent: null });
		await requestPasswordReset(t.ctx(null, { ip: '198.51.100.5' }), user.email);
		const token = linkToken(await smtp.waitForMail(user.email), '/password/reset');
		await disableUser(t.ctx(admin), user.id);
		expect(await validateSession(t.handle.db, s.token, new Date(), settings())).toBeNull();
		const left = await t.handle.db.select().from(sessions).where(eq(sessions.userId, user.id));
		expect(left).toHaveLength(0);
		const open = await t.handle.db
			.select()
			.from(userTokens)
			.where(and(eq(userTokens.userId, user.id), isNull(userTokens.usedAt)));
		expect(open).toHaveLength(0);
		expect(await resetLinkIsValid(t.ctx(null), token)).toBe(false);
		await enableUser(t.ctx(admin), user.id);
		expect((await getUser(t.ctx(admin), user.id)).status).toBe('active');
		await expect(
			login(t.ctx(null), { email: user.email, password: PASSWORD, userAgent: null })
		).resolves.toHaveProperty('token');
	});
});
