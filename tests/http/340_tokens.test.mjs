// 340_tokens — personal API tokens: created on the account page and shown
// once, used as Authorization: Bearer, revoked (then 401). And pages seen
// signed in never reach someone else through the page cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, signedIn, csrfFrom, pageText } from './lib.mjs';

const srv = useServer();

test('create a token, see it once, use it, revoke it', async () => {
	const { client, user } = await signedIn(srv, { role: 'admin', name: 'Token Owner' });
	const made = await client.submit('/account', '/account/tokens', { label: 'nightly export' });
	assert.equal(made.status, 201);
	const m = /id="new-token"[^>]*value="([A-Za-z0-9_-]{43})"/.exec(made.text);
	assert.ok(m, 'the new token is shown');
	const token = m[1];
	assert.match(pageText(made.text), /shown only this once/);

	const later = await client.get('/account');
	assert.ok(!later.text.includes(token), 'never shown again');
	assert.match(pageText(later.text), /nightly export/);

	const api = new Client(srv);
	const bearer = { authorization: `Bearer ${token}` };
	const me = await api.get('/api/v1/account', { headers: bearer });
	assert.equal(me.status, 200);
	assert.equal(me.json.user.email, user.email);
	assert.ok(!JSON.stringify(me.json).includes(token), 'the API never shows it either');
	const tokens = me.json.tokens;
	assert.equal(tokens.length, 1);
	assert.equal(tokens[0].label, 'nightly export');
	assert.ok(tokens[0].last_used_at, 'its last use is recorded');

	// Bearer requests see the data as the user, uncached.
	const home = await api.get('/api/v1/', { headers: bearer });
	assert.equal(home.status, 200);

	const revoke = await client.submit('/account', `/account/tokens/${tokens[0].id}/revoke`, {});
	assert.equal(revoke.status, 303);
	assert.match(pageText((await client.get(revoke.headers.get('location'))).text), /token has been revoked/);
	const after = await api.get('/api/v1/account', { headers: bearer });
	assert.equal(after.status, 401, 'a revoked token opens nothing');
	const pub = await api.get('/api/v1/objectives', { headers: bearer });
	assert.equal(pub.status, 200, 'public pages still answer, as to anyone');
});

test('tokens through the API, and one user cannot revoke another\'s', async () => {
	const a = await signedIn(srv, { role: 'admin' });
	const b = await signedIn(srv, { role: 'admin' });
	const made = await a.client.request('/api/v1/account/tokens', {
		method: 'POST', json: { csrf_token: csrfFrom((await a.client.get('/account')).text), label: 'api made', scope: 'write' },
	});
	assert.equal(made.status, 201);
	assert.deepEqual(Object.keys(made.json).sort(),
		['created_at', 'expires_at', 'id', 'label', 'scope', 'token']);
	assert.equal(made.json.scope, 'write');
	const theft = await b.client.submit('/account', `/account/tokens/${made.json.id}/revoke`, {});
	assert.equal(theft.status, 404);
	const still = await new Client(srv).get('/api/v1/account', { headers: { authorization: `Bearer ${made.json.token}` } });
	assert.equal(still.status, 200, 'the token still works');
	const viaToken = await new Client(srv).request(`/api/v1/account/tokens/${made.json.id}/revoke`, {
		method: 'POST', headers: { authorization: `Bearer ${made.json.token}` },
	});
	assert.equal(viaToken.status, 200);
	assert.equal(viaToken.json.revoked, true);
	const gone = await new Client(srv).get('/api/v1/account', { headers: { authorization: `Bearer ${made.json.token}` } });
	assert.equal(gone.status, 401);
});

test('forged and malformed bearer tokens are anonymous', async () => {
	for (const t of ['A'.repeat(43), 'short', 'x'.repeat(3000), 'has space inside']) {
		const c = new Client(srv);
		const headers = { authorization: `Bearer ${t}` };
		assert.equal((await c.get('/api/v1/account', { headers })).status, 401, t.slice(0, 10));
		assert.equal((await c.get('/api/v1/objectives', { headers })).status, 200);
	}
});

test('signed-in pages are never served from the cache to someone else', async () => {
	const { client, user } = await signedIn(srv, { role: 'admin', name: 'Zelda Cachetest' });
	const pages = ['/', '/actors', '/objectives', '/countries/MAR', '/actors?kind=partner'];
	for (const p of pages) {
		const mine = await client.get(p);
		assert.equal(mine.status, 200, p);
		assert.match(pageText(mine.text), /Zelda Cachetest/, `${p} shows who is signed in`);
		for (let i = 0; i < 2; i++) {
			const anon = await new Client(srv).get(p);
			assert.equal(anon.status, 200);
			assert.doesNotMatch(anon.text, /Zelda Cachetest/, `${p} anonymously: no trace of the user`);
			assert.doesNotMatch(anon.text, new RegExp(user.email.replace(/\./g, '\\.')));
			assert.ok(!anon.text.includes(client.cookie('pacte_session')));
		}
	}
	// And the other way round: an anonymous page cached first is not shown to the user.
	await new Client(srv).get('/principles');
	await new Client(srv).get('/principles');
	assert.match(pageText((await client.get('/principles')).text), /Zelda Cachetest/);
	// Form pages carry a per-visitor token: never shared.
	const one = new Client(srv), two = new Client(srv);
	const t1 = csrfFrom((await one.get('/account/register')).text);
	const t2 = csrfFrom((await two.get('/account/register')).text);
	assert.notEqual(t1, t2);
	assert.equal(t1, one.cookie('pacte_csrf'));
});

test('the audit trail: filters and pages', async () => {
	const { client } = await signedIn(srv, { role: 'admin' });
	const all = await client.get('/api/v1/admin/audit');
	assert.equal(all.status, 200);
	assert.ok(all.json.entries.length > 0);
	const ids = all.json.entries.map((e) => e.id);
	assert.deepEqual(ids, [...ids].sort((x, y) => y - x), 'newest first');
	if (all.json.next_before) {
		const older = await client.get(`/api/v1/admin/audit?before=${all.json.next_before}`);
		assert.ok(older.json.entries.every((e) => e.id < all.json.next_before));
		const html = await client.get('/admin/audit');
		assert.match(html.text, new RegExp(`href="/admin/audit\\?before=${all.json.next_before}"`));
	}
	const me = (await client.get('/api/v1/account')).json.user.id;
	const mine = await client.get(`/api/v1/admin/audit?user=${me}`);
	assert.ok(mine.json.entries.length > 0);
	assert.ok(mine.json.entries.every((e) => e.user?.id === me));
	const actor = await client.get('/api/v1/admin/audit?object_type=actor&object_id=1');
	assert.ok(actor.json.entries.every((e) => e.object_type === 'actor' && e.object_id === '1'));
	const none = await client.get('/api/v1/admin/audit?from=2000-01-01&to=2000-01-31');
	assert.equal(none.json.entries.length, 0);
	const today = new Date().toISOString().slice(0, 10);
	const recent = await client.get(`/api/v1/admin/audit?from=${today}&to=${today}`);
	assert.ok(recent.json.entries.length > 0);
	for (const bad of ['from=2020-13-01', 'to=yesterday', 'user=abc', 'before=-1', 'object_type=' + 'x'.repeat(200)])
		assert.equal((await client.get(`/admin/audit?${bad}`)).status, 400, bad);
	const page = await client.get(`/admin/audit?user=${me}`);
	assert.match(page.text, new RegExp(`<option value="${me}" selected>`));
});
