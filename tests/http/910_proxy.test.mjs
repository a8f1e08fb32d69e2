// 910_proxy — behind a reverse proxy (--trust-proxy) the client's address is
// the last X-Forwarded-For entry; without the flag the header is ignored, so
// a client reaching Pacte directly cannot claim another address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, signedIn } from './lib.mjs';

// Fails one sign-in with the given X-Forwarded-For; returns the address the
// audit trail recorded for it.
async function recordedAddress(srv, xff) {
	const c = new Client(srv);
	const email = `nobody-${Date.now()}-${Math.random().toString(16).slice(2)}@example.org`;
	const page = await c.get('/account/login');
	assert.equal(page.status, 200);
	const csrf = /name="csrf_token" value="([^"]+)"/.exec(page.text)[1];
	const r = await c.request('/account/login', {
		method: 'POST', headers: { 'x-forwarded-for': xff },
		form: { csrf_token: csrf, email, password: 'not the password' },
	});
	assert.equal(r.status, 401);
	const { client: admin } = await signedIn(srv, { role: 'admin' });
	const audit = await admin.get('/api/v1/admin/audit');
	assert.equal(audit.status, 200);
	const entry = audit.json.entries.find((e) => JSON.stringify(e).includes(email));
	assert.ok(entry, 'the failed sign-in is in the audit trail');
	return entry.client_addr;
}

test('with --trust-proxy the last X-Forwarded-For entry is the client', async () => {
	const srv = await startServer({ serveArgs: ['--trust-proxy'] });
	try {
		assert.equal(await recordedAddress(srv, '198.51.100.9, 203.0.113.7'), '203.0.113.7');
		// Not an address: the peer's own address is kept.
		assert.equal(await recordedAddress(srv, 'evil<script>'), '127.0.0.1');
	} finally {
		await srv.stop();
	}
});

test('without it the header is ignored', async () => {
	const srv = await startServer();
	try {
		assert.equal(await recordedAddress(srv, '203.0.113.7'), '127.0.0.1');
	} finally {
		await srv.stop();
	}
});
