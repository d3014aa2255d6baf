import { audit_labels } from './keysets/audit_labels';

const hasMessage = (key: string) => Object.hasOwn(audit_labels, key);

/**
 * Message keys for audit events (messages/audit.ts). A logged action `client.view` is labelled
 * by `audit.action.client_view`; an action or record type without a label falls back to its
 * raw name, which `t()` then shows as it is — an event is never shown blank.
 */
export function auditActionKey(action: string): string {
	const key = `audit.action.${action.replace(/\./g, '_')}`;
	return hasMessage(key) ? key : action;
}

export function auditEntityKey(entityType: string): string {
	const key = `audit.entity.${entityType}`;
	return hasMessage(key) ? key : entityType;
}

export function auditOutcomeKey(outcome: string): string {
	const key = `audit.outcome.${outcome}`;
	return hasMessage(key) ? key : outcome;
}

/** "admin,expert" → the keys of the role names (`role.admin`, `role.expert`). */
export function auditRoleKeys(roles: string | null): string[] {
	if (!roles) return [];
	return roles
		.split(',')
		.map((r) => r.trim())
		.filter(Boolean)
		.map((r) => (hasMessage(`role.${r}`) ? `role.${r}` : r));
}

/**
 * Event details as short "name: value" text. Details hold ids, counts and field names only
 * (never personal data), so they may be shown as they are.
 */
export function auditDetailsText(details: Record<string, unknown> | null): string {
	if (!details) return '';
	return Object.entries(details)
		.map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
		.join('; ');
}
