import { z } from 'zod';
import { addDays, isIsoDay, tallinnDayStart } from '../domain/dates';
import { AUDIT_OUTCOMES } from '../services/core/audit';
import { type AuditFilter } from '../services/admin/audit-log';

/**
 * The audit log's filter form (`/audit?from=&to=&action=&outcome=&type=&id=&county=&request=
 * &page=`), read from the query string. Days are Tallinn calendar days, `to` inclusive. Values
 * that cannot be used are left out of the filter and reported as field errors (i18n keys), so
 * a mistyped address shows the form with a message rather than an error page.
 */
export interface AuditFilterForm {
	from: string;
	to: string;
	action: string;
	outcome: string;
	entityType: string;
	entityId: string;
	county: string;
	request: string;
	page: number;
}

export interface ParsedAuditFilter {
	form: AuditFilterForm;
	filter: AuditFilter;
	errors: Record<string, string>;
}

const uuid = z.string().uuid();

export function auditFilterFromUrl(url: URL): ParsedAuditFilter {
	const get = (name: string, max: number) =>
		(url.searchParams.get(name) ?? '').trim().slice(0, max);
	const rawPage = Number.parseInt(url.searchParams.get('page') ?? '1', 10);
	const form: AuditFilterForm = {
		from: get('from', 10),
		to: get('to', 10),
		action: get('action', 100),
		outcome: get('outcome', 20),
		entityType: get('type', 50),
		entityId: get('id', 100),
		county: get('county', 36),
		request: get('request', 64),
		page: Number.isFinite(rawPage) && rawPage > 0 && rawPage <= 100_000 ? rawPage : 1
	};
	const errors: Record<string, string> = {};
	const filter: AuditFilter = { page: form.page };

	if (form.from) {
		if (isIsoDay(form.from)) filter.from = tallinnDayStart(form.from);
		else errors.from = 'error.date';
	}
	if (form.to) {
		if (isIsoDay(form.to)) filter.to = tallinnDayStart(addDays(form.to, 1));
		else errors.to = 'error.date';
	}
	if (filter.from && filter.to && filter.to <= filter.from) {
		errors.to = 'audit.filter.to_before_from';
		delete filter.to;
	}
	if (form.outcome) {
		if ((AUDIT_OUTCOMES as readonly string[]).includes(form.outcome)) {
			filter.outcome = form.outcome as AuditFilter['outcome'];
		} else errors.outcome = 'error.choice';
	}
	if (form.county) {
		if (uuid.safeParse(form.county).success) filter.countyId = form.county;
		else errors.county = 'error.choice';
	}
	if (form.action) filter.action = form.action;
	if (form.entityType) filter.entityType = form.entityType;
	if (form.entityId) filter.entityId = form.entityId;
	if (form.request) filter.requestId = form.request;
	return { form, filter, errors };
}
