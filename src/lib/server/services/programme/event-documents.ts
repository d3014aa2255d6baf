import { uploadDocument, type DocumentSummary, type UploadInput } from '../documents/documents';
import type { DocumentOwner } from '../documents/owners';
import type { ServiceContext } from '../core/context';
import { eventRow, mayRead, requireEvent, type ProgrammeEvent } from './event-access';

/** An event's documents (agenda, materials, the signature sheet) through the documents service. */

/** Kinds offered on an event's documents section. */
export const EVENT_DOCUMENT_KINDS = [
	'agenda',
	'training_material',
	'signature_sheet',
	'other'
] as const;

/** The documents owner of an event (agenda, materials, the signature sheet). */
function eventOwner(event: Pick<ProgrammeEvent, 'id' | 'countyId'>): DocumentOwner {
	return { kind: 'ref', ownerRef: `programme_event:${event.id}`, countyId: event.countyId };
}

/** The owner of an event's documents, for a page load (not audited: no names; null if hidden). */
export async function eventDocumentsOwner(ctx: ServiceContext, eventId: string) {
	const row = await eventRow(ctx.db, eventId);
	return row && mayRead(ctx, row) ? eventOwner(row) : null;
}

/** Uploads a document onto an event through the documents service (policy, type check, audit). */
export async function uploadEventDocument(
	ctx: ServiceContext,
	eventId: string,
	input: UploadInput
): Promise<DocumentSummary> {
	const event = await requireEvent(ctx, eventId, 'manage', 'document.upload');
	return uploadDocument(ctx, eventOwner(event), input);
}
