import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/**
 * A local S3-compatible server (s3rver) on a free port of 127.0.0.1 with one bucket, for
 * testing the S3 file store without any network. `env` holds the S3_* variables for it.
 */
export async function startS3(bucket = 'seltsiline-test') {
	const directory = mkdtempSync(join(tmpdir(), 'seltsiline-s3-'));
	const server = new S3rver({
		address: '127.0.0.1',
		port: 0,
		silent: true,
		directory,
		vhostBuckets: false,
		configureBuckets: [{ name: bucket }]
	});
	const { port } = await server.run();
	return {
		env: {
			S3_BUCKET: bucket,
			S3_ENDPOINT: `http://127.0.0.1:${port}`,
			S3_REGION: 'us-east-1',
			S3_ACCESS_KEY_ID: 'S3RVER',
			S3_SECRET_ACCESS_KEY: 'S3RVER',
			S3_FORCE_PATH_STYLE: '1'
		},
		async stop() {
			await server.close();
			rmSync(directory, { recursive: true, force: true });
		}
	};
}
