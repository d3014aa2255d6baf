import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { stories } from '../../db/schema';
import type { Resource } from '../../policy/policy';
import type { AuditAction } from '../core/audit';
import { authorize, deniedNotFound } from '../core/access';
import type { ServiceContext } from '../core/context';

/**
 * Who may read and manage a story (stories.ts): `story:read` / `story:manage` on its county
 * (the county's coordinators, the administrator). A missing story or one of another county is
 * "not found"; the refusal is audited. Experts and volunteers get nothing: the names and
 * consents are not theirs to see, and the published text is public anyway (`/lood`).
 */

export type Story = typeof stories.$inferSelect;
export const STORY_ENTITY = 'story';

export const countyResource = (countyId: string): Resource => ({ kind: 'county', countyId });

export const uuidOk = (id: string) => z.string().uuid().safeParse(id).success;

export async function requireStory(
	ctx: ServiceContext,
	storyId: string,
	action: 'story:read' | 'story:manage',
	auditAction: AuditAction
): Promise<Story> {
	const [row] = uuidOk(storyId)
		? await ctx.db.select().from(stories).where(eq(stories.id, storyId))
		: [];
	if (!row) {
		return deniedNotFound(ctx, {
			action: auditAction,
			entityType: STORY_ENTITY,
			entityId: storyId
		});
	}
	await authorize(ctx, action, countyResource(row.countyId), {
		action: auditAction,
		entityType: STORY_ENTITY,
		entityId: storyId
	});
	return row;
}
