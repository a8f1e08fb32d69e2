// 320_security — regression tests for the findings of the security review
// (issue 11), each failing on the code before its fix:
//   1. a reviewer could lock every administrator out by suspending the
//      operators' own actor ("Instance operators"), listed as a partner;
//   2. each sign-in the throttle refused wrote an audit entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
	useServer, Client, signedIn, addUser, registerPartner, actorId, operatorsActorId, csrfFrom,
	runPacte, dbArgs, assertCleanExit, failSignIns,
} from './lib.mjs';

const srv = useServer();

// POSTs a decision on actor `id` to the API as `client`, with its session's
// CSRF token.
async function decide(client, id, decision) {
	const token = csrfFrom((await client.get('/account')).text);
	return client.request(`/api/v1/admin/actors/${id}/decision`, {
		method: 'POST', json: { csrf_token: token, decision },
	});
}

// A registered partner, accredited by `reviewer`: its id.
async function accreditedPartner(reviewer, name) {
	await registerPartner(srv, { org_name: name });
	const id = await actorId(srv, name, 'requested');
	assert.equal((await decide(reviewer, id, 'accredit')).status, 200);
	return id;
}

// What only an administrator may do still works for `admin`.
async function adminStillWorks(admin, partner) {
	assert.equal((await admin.get('/admin')).status, 200);
	assert.equal((await admin.get('/api/v1/admin/audit')).status, 200);
	assert.equal((await admin.get('/api/v1/admin/users')).status, 200);
	assert.equal((await decide(admin, partner, 'suspend')).status, 200);
	assert.equal((await decide(admin, partner, 'reinstate')).status, 200);
}

test('finding 1: a reviewer may not suspend the operators\' actor; admins keep working', async () => {
	const operators = await operatorsActorId(srv);
	const { client: reviewer } = await signedIn(srv, { role: 'reviewer' });
	const { client: admin } = await signedIn(srv, { role: 'admin' });
	const partner = await accreditedPartner(reviewer, 'Partner of finding one');

	const r = await decide(reviewer, operators, 'suspend');
	assert.equal(r.status, 403, r.text.slice(0, 300));
	assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
	// The form of /admin is refused alike; and by the admins themselves.
	const form = await reviewer.request(`/admin/actors/${operators}/decision`, {
		method: 'POST',
		form: { csrf_token: csrfFrom((await reviewer.get('/account')).text), decision: 'suspend' },
	});
	assert.equal(form.status, 403);
	assert.equal((await decide(admin, operators, 'suspend')).status, 403);
	await adminStillWorks(admin, partner);

	// The attempts are in the trail as denials.
	const audit = await admin.get(`/api/v1/admin/audit?object_type=actor&object_id=${operators}`);
	const actions = audit.json.entries.map((e) => e.action);
	assert.ok(actions.filter((a) => a === 'denied:actor.decide').length >= 3, `${actions}`);
	assert.ok(!actions.includes('actor.decide'), `${actions}`);
});

test('finding 1: an administrator\'s standing does not hang on their actor\'s status', async () => {
	const { client: reviewer } = await signedIn(srv, { role: 'reviewer' });
	const home = await accreditedPartner(reviewer, 'Home of an administrator');
	const other = await accreditedPartner(reviewer, 'Another partner');
	const { client: admin } = await signedIn(srv, { role: 'admin', actor: home });
	assert.equal((await decide(reviewer, home, 'suspend')).status, 200);
	await adminStillWorks(admin, other);
	assert.doesNotMatch((await admin.get('/account')).text, /accreditation is suspended/);
	// Reinstating their own actor is not theirs to do, but a reviewer's.
	assert.equal((await decide(admin, home, 'reinstate')).status, 403);
	assert.equal((await decide(reviewer, home, 'reinstate')).status, 200);
});

test('finding 1: nobody decides on their own actor', async () => {
	const { client: reviewer } = await signedIn(srv, { role: 'reviewer' });
	const own = await accreditedPartner(reviewer, 'Home of a reviewer');
	const { client: insider } = await signedIn(srv, { role: 'reviewer', actor: own });
	assert.equal((await decide(insider, own, 'suspend')).status, 403);
	const page = await new Client(srv).get(`/api/v1/actors/${own}`);
	assert.equal(page.json.actor.status, 'accredited');
	// Others' decisions are still theirs.
	const other = await accreditedPartner(insider, 'Partner decided by an insider');
	assert.equal((await decide(insider, other, 'suspend')).status, 200);
});

test('finding 1 (and issue 10 item 9): the operators\' actor is no partner on any public list', async () => {
	const operators = await operatorsActorId(srv);
	const anon = new Client(srv);
	for (const q of ['', '?kind=partner', '?type=other', '?status=accredited',
		'?q=Instance%20operators', '?kind=partner&type=other&status=accredited']) {
		const api = await anon.get(`/api/v1/actors${q}`);
		assert.equal(api.status, 200);
		assert.ok(!api.json.actors.some((a) => a.id === operators), `/api/v1/actors${q}`);
		assert.ok(!api.json.actors.some((a) => a.name === 'Instance operators'), `/api/v1/actors${q}`);
		assert.equal(api.json.count, api.json.actors.length);
		const html = await anon.get(`/actors${q}`);
		assert.equal(html.status, 200);
		assert.ok(!html.text.includes(`href="/actors/${operators}"`), `/actors${q}`);
	}
	// Its page (commitments it owns link there) says what it is, not a partner.
	const page = await anon.get(`/api/v1/actors/${operators}`);
	assert.equal(page.status, 200);
	assert.equal(page.json.actor.kind, 'operators');
	assert.equal(page.json.actor.type, null);
	assert.equal(page.json.actor.status, null);
	const html = await anon.get(`/actors/${operators}?lang=en`);
	assert.match(html.text, /Operators of this instance/);
	assert.doesNotMatch(html.text, /Accreditation/);
});

test('finding 1: the open-data export leaves the operators\' actor out', async () => {
	const operators = await operatorsActorId(srv);
	const { mkdtemp, readFile, rm } = await import('node:fs/promises');
	const os = await import('node:os');
	const path = await import('node:path');
	const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-export-'));
	try {
		assertCleanExit(await runPacte(['export', '--format', 'jsonl', '--out', dir, ...dbArgs(srv.dir)]),
			'pacte export');
		const rows = (await readFile(path.join(dir, 'actor.jsonl'), 'utf8')).trim().split('\n')
			.map((line) => JSON.parse(line));
		assert.ok(rows.length > 190, 'the states are there');
		assert.ok(!rows.some((a) => a.id === operators || a.name === 'Instance operators'));
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
});

// The number of entries `pacte audit verify` walked, asserting the chain is intact.
async function auditEntries() {
	const r = await runPacte(['audit', 'verify', ...dbArgs(srv.dir)]);
	assertCleanExit(r, 'pacte audit verify');
	const m = /audit trail intact: (\d+) entries/.exec(r.stdout);
	assert.ok(m, r.stdout);
	return Number(m[1]);
}

test('finding 2: 200 refused sign-ins add at most a constant number of audit entries', { timeout: 120000 }, async () => {
	const victim = await addUser(srv, { role: 'editor', actor: await accreditedPartner(
		(await signedIn(srv, { role: 'reviewer' })).client, 'Partner of finding two') });
	const c = new Client(srv);
	await failSignIns(c, victim.email, 10);
	const before = await auditEntries();
	const statuses = new Map();
	for (let i = 0; i < 200; i++) {
		const r = await c.request('/account/login', {
			method: 'POST', headers: { accept: 'application/json' },
			form: { csrf_token: c.cookie('pacte_csrf'), email: victim.email, password: victim.password },
		});
		statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
	}
	assert.deepEqual([...statuses], [[429, 200]], 'every one refused');
	const added = await auditEntries() - before;
	assert.ok(added <= 2, `${added} audit entries for 200 refusals`);

	// The one entry says the account was shut out; the admin reads it.
	const { client: admin } = await signedIn(srv, { role: 'admin' });
	const trail = await admin.get('/api/v1/admin/audit');
	assert.equal(trail.status, 200);
	const shut = trail.json.entries.filter((e) => e.action === 'session.sign_in_throttled');
	assert.equal(shut.length, 1, JSON.stringify(shut));
});
