// 321_security_accounts — regression tests for the findings of the
// security review (issue 11) on accounts and registration, each failing on
// the code before its fix:
//   3. registration could be flooded (25 in 1.8 s), and each request was
//      at once a public actor page, a row of the lists and of the export;
//   5. registration answered "This email is already registered": an
//      oracle telling which addresses have an account;
//   7. the sign-in slow-down slept inside a worker thread: eight slowed
//      sign-ins held /healthz for seconds;
//  14. a bearer token could create more tokens.
// The server trusts X-Forwarded-For here, so each test speaks from a
// client address of its own (the limits are per address).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
	useServer, Client, signedIn, addUser, actorId, csrfFrom, pageText, tokenOf, apiAs,
	runPacte, dbArgs, assertCleanExit, failSignIns,
} from './lib.mjs';

// Few worker threads, so that sign-ins held in them would hold every one.
const THREADS = 2;
const CONCURRENT = 8;
const srv = useServer({ serveArgs: ['--trust-proxy', '--threads', String(THREADS)] });

// Must match REGISTER_ADDR_LIMIT (src/domain/throttle.h).
const REGISTER_ADDR_LIMIT = 10;

let seq = 0;
function organisation(fields = {}) {
	seq++;
	const f = {
		org_name: `Security test organisation ${seq}-${process.pid}`, org_type: 'civil_society',
		country: 'SEN', website: 'https://example.org/unreviewed',
		description: 'Unreviewed words anyone could have written.',
		name: `Person ${seq}`, email: `sec-${seq}-${process.pid}@example.org`,
		password: 'correct horse battery staple', ...fields,
	};
	f.password_confirm ??= f.password;
	return f;
}

// POSTs a registration through the form from client address `addr`.
function register(fields, addr) {
	return new Client(srv).submit('/account/register', '/account/register', fields,
		{ headers: { 'x-forwarded-for': addr } });
}

// The same through the API (JSON), with the form's CSRF token.
async function registerApi(fields, addr) {
	const c = new Client(srv);
	const g = await c.get('/api/v1/account/register');
	return c.request('/api/v1/account/register', {
		method: 'POST', json: { csrf_token: g.json.csrf_token, ...fields },
		headers: { 'x-forwarded-for': addr },
	});
}

async function pendingCount() {
	const r = await runPacte(['actor', 'pending', ...dbArgs(srv.dir)]);
	assertCleanExit(r, 'pacte actor pending');
	return r.stdout.split('\n').filter((l) => /^\d+\t/.test(l)).length;
}

async function accountCount() {
	const r = await runPacte(['user', 'list', '--json', ...dbArgs(srv.dir)]);
	assertCleanExit(r, 'pacte user list');
	return JSON.parse(r.stdout).length;
}

async function decide(client, id, decision, reason) {
	const token = csrfFrom((await client.get('/account')).text);
	return client.request(`/api/v1/admin/actors/${id}/decision`, {
		method: 'POST', json: { csrf_token: token, decision, reason },
	});
}

// The rows of the open-data export's actor table.
async function exportedActors() {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-export-'));
	try {
		assertCleanExit(await runPacte(['export', '--format', 'jsonl', '--out', dir,
			...dbArgs(srv.dir)]), 'pacte export');
		return (await readFile(path.join(dir, 'actor.jsonl'), 'utf8')).trim().split('\n')
			.map((line) => JSON.parse(line));
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

// Asserts that an anonymous reader finds no trace of actor `id` named
// `name`: not its page, not on any list or count, not in the feed, the
// home page or the export.
async function assertHidden(id, name, why) {
	const anon = new Client(srv);
	for (const p of [`/actors/${id}`, `/api/v1/actors/${id}`])
		assert.equal((await anon.get(p)).status, 404, `${why}: ${p}`);
	for (const q of ['', '?kind=partner', '?status=requested', '?status=declined',
		`?q=${encodeURIComponent(name)}`, `?status=requested&q=${encodeURIComponent(name)}`]) {
		const api = await anon.get(`/api/v1/actors${q}`);
		assert.equal(api.status, 200);
		assert.ok(!api.json.actors.some((a) => a.id === id), `${why}: /api/v1/actors${q}`);
		assert.equal(api.json.count, api.json.actors.length);
		const html = await anon.get(`/actors${q}`);
		assert.ok(!html.text.includes(`href="/actors/${id}"`), `${why}: /actors${q}`);
	}
	for (const p of ['/', '/feeds/commitments.atom', '/commitments'])
		assert.ok(!(await anon.get(p)).text.includes(name), `${why}: ${p}`);
	assert.ok(!(await exportedActors()).some((a) => a.id === id || a.name === name),
		`${why}: the export`);
}

test('finding 3: registrations from one address are limited (429 with Retry-After)', { timeout: 120000 }, async () => {
	const addr = '203.0.113.31';
	for (let i = 0; i < REGISTER_ADDR_LIMIT; i++) {
		const r = await register(organisation(), addr);
		assert.equal(r.status, 303, `registration ${i + 1}: ${r.text.slice(0, 300)}`);
	}
	const pending = await pendingCount();
	const html = await register(organisation(), addr);
	assert.equal(html.status, 429);
	const wait = Number(html.headers.get('retry-after'));
	assert.ok(wait >= 1 && wait <= 3600, `Retry-After ${wait}`);
	assert.match(pageText(html.text), /Too many organisations were registered from your network/);
	const api = await registerApi(organisation(), addr);
	assert.equal(api.status, 429);
	assert.match(api.headers.get('content-type'), /^application\/problem\+json/);
	assert.ok(Number(api.headers.get('retry-after')) >= 1);
	assert.equal(await pendingCount(), pending, 'nothing was written');
	// Another address is not concerned.
	assert.equal((await register(organisation(), '203.0.113.32')).status, 303);
	assert.equal(await pendingCount(), pending + 1);
});

test('finding 3: a request is on no public page, list, count, feed or export until accredited', { timeout: 120000 }, async () => {
	const f = organisation({ org_name: `Unreviewed Org ${process.pid}` });
	assert.equal((await register(f, '203.0.113.33')).status, 303);
	const id = await actorId(srv, f.org_name, 'requested');
	await assertHidden(id, f.org_name, 'requested');
	// The public cannot even ask for the requests by status.
	const statuses = (await new Client(srv).get('/api/v1/actors')).json.statuses
		.map((s) => s.value ?? s.code);
	assert.deepEqual(statuses.sort(), ['accredited', 'suspended']);

	// Its own users see it, on /account and its page.
	const own = new Client(srv);
	assert.equal((await own.signIn(f.email, f.password)).status, 303);
	assert.equal((await own.get('/api/v1/account')).json.actor.id, id);
	const mine = await own.get(`/api/v1/actors/${id}`);
	assert.equal(mine.status, 200);
	assert.equal(mine.json.actor.status, 'requested');
	assert.equal((await own.get(`/actors/${id}`)).status, 200);
	// Another partner's editor does not; a reviewer does, and lists it.
	const { client: stranger } = await signedIn(srv, { role: 'editor' });
	assert.equal((await stranger.get(`/api/v1/actors/${id}`)).status, 404);
	const { client: reviewer } = await signedIn(srv, { role: 'reviewer' });
	assert.equal((await reviewer.get(`/actors/${id}`)).status, 200);
	const listed = await reviewer.get('/api/v1/actors?status=requested');
	assert.ok(listed.json.actors.some((a) => a.id === id));

	// Declined: still nobody else's business.
	assert.equal((await decide(reviewer, id, 'decline', 'Not an organisation.')).status, 200);
	await assertHidden(id, f.org_name, 'declined');
	assert.equal((await own.get(`/api/v1/actors/${id}`)).json.actor.decision_reason,
		'Not an organisation.', 'the organisation reads why');

	// Accredited: public. Suspended: still listed, with its status (its
	// commitments are part of the record).
	assert.equal((await decide(reviewer, id, 'accredit')).status, 200);
	const anon = new Client(srv);
	assert.equal((await anon.get(`/api/v1/actors/${id}`)).status, 200);
	assert.ok((await exportedActors()).some((a) => a.id === id));
	assert.equal((await decide(reviewer, id, 'suspend')).status, 200);
	const page = await anon.get(`/api/v1/actors/${id}`);
	assert.equal(page.status, 200);
	assert.equal(page.json.actor.status, 'suspended');
	const list = await anon.get('/api/v1/actors?kind=partner');
	assert.ok(list.json.actors.some((a) => a.id === id && a.status === 'suspended'));
	assert.ok((await exportedActors()).some((a) => a.id === id && a.status === 'suspended'));
});

test('finding 5: registering an email that has an account answers as any registration', { timeout: 120000 }, async () => {
	const owner = await addUser(srv, { role: 'editor' });
	const accounts = await accountCount();
	const pending = await pendingCount();

	const fresh = await register(organisation(), '203.0.113.35');
	const taken = await register(organisation({ email: owner.email.toUpperCase(),
		password: 'an attacker\'s password' }), '203.0.113.35');
	assert.equal(taken.status, fresh.status);
	assert.equal(fresh.status, 303);
	assert.equal(taken.headers.get('location'), fresh.headers.get('location'));
	assert.doesNotMatch(taken.text, /already registered/i);
	const notice = pageText((await new Client(srv).get(taken.headers.get('location'))).text);
	assert.match(notice, /If this email address had no account yet/);

	const apiFresh = await registerApi(organisation(), '203.0.113.35');
	const apiTaken = await registerApi(organisation({ email: owner.email }), '203.0.113.35');
	assert.equal(apiFresh.status, 202);
	assert.equal(apiTaken.status, 202);
	assert.deepEqual(apiTaken.json, apiFresh.json);

	// Nothing was written for the taken address; its owner signs in as before.
	assert.equal(await accountCount(), accounts + 2);
	assert.equal(await pendingCount(), pending + 2);
	assert.equal((await new Client(srv).signIn(owner.email, owner.password)).status, 303);
	assert.equal((await new Client(srv).signIn(owner.email, 'an attacker\'s password')).status, 401);
});

test('finding 7: slowed sign-ins are answered at once with 429 and Retry-After; /healthz is not held', { timeout: 120000 }, async () => {
	const addr = { headers: { 'x-forwarded-for': '203.0.113.37' } };
	const victim = await addUser(srv, { role: 'editor' });
	const c = new Client(srv);
	// Nine failures: past the slow-down limit (5), below the refusal (10);
	// the next attempt must come two seconds after the last.
	await failSignIns(c, victim.email, 9, addr);
	const token = csrfFrom((await c.get('/account/login')).text);
	const started = Date.now();
	const slowed = Array.from({ length: CONCURRENT }, () => c.request('/account/login', {
		method: 'POST', headers: { ...addr.headers, accept: 'application/json' },
		form: { csrf_token: token, email: victim.email, password: victim.password },
	}));
	await new Promise((done) => setTimeout(done, 100));
	const t0 = Date.now();
	const health = await srv.raw('/healthz');   // a connection of its own
	const healthMs = Date.now() - t0;
	const answers = await Promise.all(slowed);
	assert.equal(health.status, 200);
	assert.ok(healthMs < 500, `/healthz took ${healthMs} ms beside ${CONCURRENT} slowed sign-ins`);
	for (const r of answers) {
		assert.equal(r.status, 429, r.text.slice(0, 200));
		const wait = Number(r.headers.get('retry-after'));
		assert.ok(wait >= 1 && wait <= 2, `Retry-After ${wait}`);
		assert.match(r.json.detail, /wait a few seconds/);
	}
	assert.ok(Date.now() - started < 1500, 'none of them was made to wait in the server');
});

test('finding 14: a bearer token cannot create tokens; a signed-in session can', async () => {
	const { client } = await signedIn(srv, { role: 'editor' });
	const token = await tokenOf(client, 'first');
	const api = apiAs(srv, token);
	const r = await api('POST', '/account/tokens', { label: 'made by a token' });
	assert.equal(r.status, 403, r.text.slice(0, 300));
	assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
	assert.match(r.json.detail, /signed in with their password/);
	const list = (await api('GET', '/account')).json;
	assert.deepEqual(list.tokens.map((t) => t.label), ['first']);
	// A session still creates them; a token still reads and revokes.
	await tokenOf(client, 'second');
	const again = (await api('GET', '/account')).json;
	assert.equal(again.tokens.length, 2);
});
