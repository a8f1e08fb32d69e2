// 730_tokens_scopes — tokens fit for scripts: a scope (read, the default,
// or write) and an expiry chosen when the token is made (90 days unless
// said), both shown on the account page with its last use; a read token
// that tries to write gets 403, an expired one 401, each a problem that
// says why, and nothing is written. `pacte user token` takes the same
// options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
	useServer, Client, signedIn, csrfFrom, pageText, runPacte, dbArgs, assertCleanExit,
	addUser, databaseUrl, DATABASE_URL,
} from './lib.mjs';

const srv = useServer();

const sql = (s) => DATABASE_URL ?
	execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', databaseUrl(srv.dir), '-c', s],
		{ encoding: 'utf8' }) :
	execFileSync('sqlite3', [path.join(srv.dir, 'pacte.db'), s], { encoding: 'utf8' });

async function make(client, fields) {
	const csrf = csrfFrom((await client.get('/account')).text);
	return client.request('/api/v1/account/tokens', { method: 'POST', json: { csrf_token: csrf, ...fields } });
}

const commitment = {
	title: 'Publish the yearly labour migration statistics', lang: 'en', objectives: [1],
	level: 'national', countries: ['MAR'], status: 'planned', kind: 'individual', form: 'process',
};

const days = (a, b) => (Date.parse(b) - Date.parse(a)) / 86400000;

test('a token reads unless made to write; its expiry is 90 days unless chosen', async () => {
	const { client } = await signedIn(srv, { role: 'focal_point', actor: 'MAR' });
	const read = await make(client, { label: 'dashboard' });
	assert.equal(read.status, 201, read.text);
	assert.equal(read.json.scope, 'read');
	assert.ok(Math.abs(days(read.json.created_at, read.json.expires_at) - 90) < 0.01);
	const write = await make(client, { label: 'publisher', scope: 'write', expires_in_days: 7 });
	assert.equal(write.status, 201, write.text);
	assert.ok(Math.abs(days(write.json.created_at, write.json.expires_at) - 7) < 0.01);

	const as = (t) => ({ authorization: `Bearer ${t}`, accept: 'application/json' });
	const api = new Client(srv);
	assert.equal((await api.get('/api/v1/account', { headers: as(read.json.token) })).status, 200);
	const refused = await api.request('/api/v1/commitments', { method: 'POST', json: commitment, headers: as(read.json.token) });
	assert.equal(refused.status, 403, refused.text);
	assert.match(refused.headers.get('content-type'), /problem\+json/);
	assert.match(refused.json.detail, /may only read/);
	const list = await api.get('/api/v1/commitments', { headers: as(read.json.token) });
	assert.equal(list.json.total, 0, 'nothing was written');
	const ok = await api.request('/api/v1/commitments', { method: 'POST', json: commitment, headers: as(write.json.token) });
	assert.equal(ok.status, 201, ok.text);

	// The account page shows what each may do, when it expires, its last use.
	const page = await client.get('/account');
	const text = pageText(page.text);
	assert.match(text, /dashboard read only/);
	assert.match(text, /publisher read and write/);
	assert.match(page.text, new RegExp(`<time datetime="${write.json.expires_at}">`));
	const me = await client.get('/api/v1/account');
	const listed = me.json.tokens.find((t) => t.label === 'publisher');
	assert.equal(listed.scope, 'write');
	assert.equal(listed.expires_at, write.json.expires_at);
	assert.equal(listed.expired, false);
	assert.ok(listed.last_used_at, 'its last use is shown');
});

test('bad scopes and expiries: 422 naming the field, no token made', async () => {
	const { client } = await signedIn(srv, { role: 'admin' });
	for (const [fields, field] of [
		[{ scope: 'admin' }, 'scope'], [{ expires_in_days: 0 }, 'expires_in_days'],
		[{ expires_in_days: 731 }, 'expires_in_days'], [{ expires_in_days: 'soon' }, 'expires_in_days'],
		[{ label: 'x'.repeat(101) }, 'label'],
	]) {
		const r = await make(client, { label: 'bad', ...fields });
		assert.equal(r.status, 422, JSON.stringify(fields));
		assert.deepEqual(r.json.errors.map((e) => e.field), [field]);
	}
	assert.equal((await client.get('/api/v1/account')).json.tokens.length, 0);
	// The form says it too, in French.
	const form = await client.submit('/account?lang=fr', '/account/tokens?lang=fr', { label: 'x', scope: 'write', expires_in_days: '9999' });
	assert.equal(form.status, 422);
	assert.match(pageText(form.text), /expire après/);
	assert.match(form.text, /<option value="write" selected>/, 'the choice is kept');
});

test('an expired token gets 401 saying when it expired, even on public pages', async () => {
	const { client } = await signedIn(srv, { role: 'admin' });
	const t = await make(client, { label: 'old script', scope: 'write' });
	assert.equal(t.status, 201);
	sql(`UPDATE api_token SET expires_at = '2020-01-02T03:04:05.000Z' WHERE id = ${t.json.id}`);
	const headers = { authorization: `Bearer ${t.json.token}`, accept: 'application/json' };
	for (const p of ['/api/v1/account', '/api/v1/objectives']) {
		const r = await new Client(srv).get(p, { headers });
		assert.equal(r.status, 401, p);
		assert.match(r.json.detail, /expired on 2020-01-02T03:04:05.000Z/);
	}
	const w = await new Client(srv).request('/api/v1/commitments', { method: 'POST', json: commitment, headers });
	assert.equal(w.status, 401);
	const me = await client.get('/api/v1/account');
	assert.equal(me.json.tokens.find((x) => x.id === t.json.id).expired, true);
	assert.match(pageText((await client.get('/account')).text), /old script.*expired/);
});

test('pacte user token takes the same options', async () => {
	const u = await addUser(srv, { role: 'admin' });
	const r = await runPacte(['user', 'token', u.email, '--label', 'cron', '--scope', 'write',
		'--expires-in-days', '30', ...dbArgs(srv.dir)]);
	assertCleanExit(r, 'pacte user token');
	assert.match(r.stdout, /read and write, expires \d{4}-/);
	const token = /^([A-Za-z0-9_-]{43})$/m.exec(r.stdout)?.[1];
	const me = await new Client(srv).get('/api/v1/account', { headers: { authorization: `Bearer ${token}` } });
	const t = me.json.tokens.find((x) => x.label === 'cron');
	assert.equal(t.scope, 'write');
	assert.ok(Math.abs(days(t.created_at, t.expires_at) - 30) < 0.01);
	const bad = await runPacte(['user', 'token', u.email, '--scope', 'all', '--expires-in-days', '0', ...dbArgs(srv.dir)]);
	assert.equal(bad.code, 1);
	assert.match(bad.stderr, /--scope: The scope is read/);
	assert.match(bad.stderr, /--expires-in-days: A token expires after/);
	const dflt = await runPacte(['user', 'token', u.email, ...dbArgs(srv.dir)]);
	assertCleanExit(dflt, 'pacte user token (defaults)');
	assert.match(dflt.stdout, /read only/);
});
