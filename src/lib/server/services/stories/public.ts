import { desc, eq, isNotNull } from 'drizzle-orm';
import { counties, stories } from '../../db/schema';
import type { ServiceContext } from '../core/context';

/**
 * The public page `/lood` (R-STORY-1): the published stories, newest first, each in the
 * language it was written in. No login and nothing personal beyond what was consented to: the
 * text, the title, the author as written (left out of an anonymous story) and the county.
 * Reading published text is not audited (it is public).
 */
export async function publishedStories(ctx: ServiceContext) {
	const rows = await ctx.db
		.select({
			id: stories.id,
			title: stories.title,
			body: stories.body,
			language: stories.language,
			author: stories.author,
			anonymous: stories.anonymous,
			publishedAt: stories.publishedAt,
			countyName: counties.name,
			photoDocumentId: stories.photoDocumentId,
			photoAlt: stories.photoAlt
		})
		.from(stories)
		.innerJoin(counties, eq(counties.id, stories.countyId))
		.where(isNotNull(stories.publishedAt))
		.orderBy(desc(stories.publishedAt), desc(stories.id))
		.limit(200);
	return rows.map((r) => ({
		id: r.id,
		title: r.title,
		paragraphs: r.body
			.split(/\n\s*\n/)
			.map((p) => p.trim())
			.filter(Boolean),
		language: r.language,
		author: r.anonymous ? null : r.author,
		publishedAt: r.publishedAt!,
		countyName: r.countyName,
		/** The photo's alt text when it has one (served by `/lood/[id]/photo`, photo.ts). */
		photoAlt: r.photoDocumentId ? r.photoAlt : null
	}));
}
