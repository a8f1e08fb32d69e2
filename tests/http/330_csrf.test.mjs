// 330_csrf — a state-changing request from a browser must carry the CSRF
// token of its form: missing or wrong is 403 and nothing is written (the
// audit trail does not move). Bearer tokens are no ambient credential and
// need none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, signedIn, addUser, csrfFrom } from './lib.mjs';

const srv = useServer();

// An administrator, signed in once for the whole file.
let admin;
async function adminClient() {
	admin ??= (await signedIn(srv, { role: 'admin' })).client;
	return admin;
}

// The id of the newest audit entry: unchanged means nothing was written.
async function newestEntry() {
	await adminClient();
	const r = await admin.get('/api/v1/admin/audit');
	assert.equal(r.status, 200);
	return r.json.entries[0]?.id ?? 0;
}

async function tokenCount(client) {
	const r = await client.get('/api/v1/account');
	assert.equal(r.status, 200);
	return r.json.tokens.length;
}

test('sign-in without the token, or without the cookie it must match: 403, no session', async () => {
	const u = await addUser(srv, { role: 'admin' });
	const mark = await newestEntry();
	const c = new Client(srv);
	const g = await c.get('/account/login');
	const token = csrfFrom(g.text);
	const cases = [
		{ email: u.email, password: u.password },                        // no token
		{ csrf_token: 'A'.repeat(43), email: u.email, password: u.password }, // wrong token
		{ csrf_token: '', email: u.email, password: u.password },
	];
	for (const form of cases) {
		const r = await c.request('/account/login', { method: 'POST', form });
		assert.equal(r.status, 403, JSON.stringify(form).slice(0, 60));
		assert.equal(c.cookie('pacte_session'), null);
	}
	// The right token but the cookie gone (another site's form cannot send it).
	c.setCookie('pacte_csrf', null);
	const r = await c.request('/account/login', { method: 'POST', form: { csrf_token: token, email: u.email, password: u.password } });
	assert.equal(r.status, 403);
	assert.equal(c.cookie('pacte_session'), null);
	assert.equal(await newestEntry(), mark, 'not even a failed sign-in was recorded');
});

test('registration with a wrong token: 403 and no organisation, no account', async () => {
	const mark = await newestEntry();
	const c = new Client(srv);
	await c.get('/account/register');
	const form = {
		csrf_token: 'B'.repeat(43), org_name: 'Forged Org', org_type: 'media', name: 'X',
		email: 'forged@example.org', password: 'long enough password', password_confirm: 'long enough password',
	};
	const r = await c.request('/account/register', { method: 'POST', form });
	assert.equal(r.status, 403);
	assert.equal(await newestEntry(), mark);
	const pending = await (await adminClient()).get('/api/v1/admin');
	assert.ok(!pending.json.pending.some((a) => a.name === 'Forged Org'));
});

test('signed in: a missing, wrong or borrowed token creates no API token', async () => {
	const { client } = await signedIn(srv, { role: 'admin' });
	const other = (await signedIn(srv, { role: 'admin' })).client;
	const othersToken = csrfFrom((await other.get('/account')).text);
	const anon = new Client(srv);
	await anon.get('/account/login');
	const mark = await newestEntry();
	const before = await tokenCount(client);
	for (const csrf of [undefined, '', 'C'.repeat(43), othersToken, anon.cookie('pacte_csrf')]) {
		const form = { label: 'sneaky' };
		if (csrf !== undefined)
			form.csrf_token = csrf;
		const r = await client.request('/account/tokens', { method: 'POST', form });
		assert.equal(r.status, 403, `csrf_token=${csrf}`);
		assert.match(r.text, /nothing was changed/);
	}
	// A JSON body from the browser's cookie is no different.
	const j = await client.request('/api/v1/account/tokens', { method: 'POST', json: { label: 'sneaky' } });
	assert.equal(j.status, 403);
	assert.match(j.headers.get('content-type'), /^application\/problem\+json/);
	assert.equal(await tokenCount(client), before);
	assert.equal(await newestEntry(), mark);
	// With the session's token it works, in a form or a JSON body.
	const token = csrfFrom((await client.get('/account')).text);
	const ok = await client.request('/api/v1/account/tokens', { method: 'POST', json: { csrf_token: token, label: 'fine' } });
	assert.equal(ok.status, 201, ok.text);
	assert.equal(await tokenCount(client), before + 1);
});

test('sign-out without the token: 403 and the session goes on', async () => {
	const { client } = await signedIn(srv, { role: 'admin' });
	const r = await client.request('/account/logout', { method: 'POST', form: {} });
	assert.equal(r.status, 403);
	assert.equal((await client.get('/account')).status, 200);
});

test('a bearer token needs no CSRF token', async () => {
	const { client } = await signedIn(srv, { role: 'admin' });
	const made = [];
	for (const label of ['script', 'spare']) {
		const r = await client.request('/api/v1/account/tokens', {
			method: 'POST', json: { csrf_token: csrfFrom((await client.get('/account')).text), label, scope: 'write' },
		});
		assert.equal(r.status, 201);
		made.push(r.json);
	}
	// A write with the token, no CSRF token (creating tokens is not one a
	// token may do: 321_security_accounts).
	const bearer = { authorization: `Bearer ${made[0].token}` };
	const api = new Client(srv);
	const r = await api.request(`/api/v1/account/tokens/${made[1].id}/revoke`, {
		method: 'POST', headers: bearer, json: {},
	});
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.revoked, true);
	// A bearer token that is not valid is no exemption.
	const bad = await api.request(`/api/v1/account/tokens/${made[0].id}/revoke`, {
		method: 'POST', headers: { authorization: 'Bearer ' + 'D'.repeat(43) }, json: {},
	});
	assert.equal(bad.status, 401);
});

test('the X-CSRF-Token header serves scripts; a foreign Origin is refused even with the token', async () => {
	const { client } = await signedIn(srv, { role: 'admin' });
	const token = csrfFrom((await client.get('/account')).text);
	const before = await tokenCount(client);
	const viaHeader = await client.request('/api/v1/account/tokens', {
		method: 'POST', headers: { 'x-csrf-token': token }, json: { label: 'header' },
	});
	assert.equal(viaHeader.status, 201, viaHeader.text);
	const foreign = await client.request('/api/v1/account/tokens', {
		method: 'POST', headers: { 'x-csrf-token': token, origin: 'https://evil.example' }, json: { label: 'evil' },
	});
	assert.equal(foreign.status, 403);
	const wrongHeader = await client.request('/api/v1/account/tokens', {
		method: 'POST', headers: { 'x-csrf-token': 'E'.repeat(43) }, json: { label: 'wrong' },
	});
	assert.equal(wrongHeader.status, 403);
	assert.equal(await tokenCount(client), before + 1);
	// The site's own origin is fine.
	const own = await client.request('/api/v1/account/tokens', {
		method: 'POST', headers: { 'x-csrf-token': token, origin: srv.base.replace(/\/$/, '') }, json: { label: 'own' },
	});
	assert.equal(own.status, 201, own.text);
});
