// 440_overload — past capacity the server answers at once with 503 and
// Retry-After instead of queueing; once the crowd leaves it serves again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from './lib.mjs';

function openIdle(port, n) {
	return Promise.all(Array.from({ length: n }, () => new Promise((resolve, reject) => {
		const s = net.connect(port, '127.0.0.1', () => resolve(s));
		s.on('error', reject);
	})));
}

test('past 90% of --max-connections: 503 with Retry-After, quickly; then normal again', async () => {
	const srv = await startServer({ serveArgs: ['--max-connections', '10'] });
	try {
		const idle = await openIdle(srv.port, 9);
		await new Promise((r) => setTimeout(r, 200));
		const t0 = Date.now();
		const r = await srv.get('/objectives', { headers: { accept: 'application/json' } });
		assert.equal(r.status, 503, r.text);
		assert.equal(r.headers.get('retry-after'), '1');
		assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
		assert.ok(Date.now() - t0 < 2000, 'the refusal is quick');
		for (const s of idle)
			s.destroy();
		await new Promise((r) => setTimeout(r, 300));
		assert.equal((await srv.get('/objectives')).status, 200);
	} finally {
		await srv.stop();
	}
});
