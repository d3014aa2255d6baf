import type { RequestHandler } from './$types';
import { load as run } from '$lib/server/web/http';
import { publishedStoryPhoto } from '$lib/server/services/stories/photo';

/**
 * The photo of a published story (issue 22, R-STORY-1), for `/lood` and the coordinators'
 * list: no login; "not found" unless the story is published with a photo. Not cached, so an
 * unpublished story's photo is gone at once.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	const photo = await run(() => publishedStoryPhoto(locals.ctx, params.id));
	return new Response(Buffer.from(photo.bytes), {
		headers: {
			'Content-Type': photo.mediaType,
			'Content-Disposition': 'inline',
			'Cache-Control': 'no-cache',
			'X-Content-Type-Options': 'nosniff'
		}
	});
};
