// 350_accreditation — a partner asks to be accredited, a reviewer decides;
// until accredited its users can sign in but not publish. Users who may
// not decide are refused (403) and their attempt is in the audit trail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, signedIn, registerPartner, actorId, operatorsActorId, csrfFrom, pageText } from './lib.mjs';

const srv = useServer();

const PENDING = "Your organisation's accreditation is pending: you can sign in but not publish yet.";

// A reviewer and an administrator, signed in once for the whole file.
const staff = {};
async function as(role) {
	staff[role] ??= (await signedIn(srv, { role })).client;
	return staff[role];
}

// POSTs a decision as `client` with its session's CSRF token.
async function decide(client, id, fields, opts = {}) {
	const token = csrfFrom((await client.get('/account')).text);
	return client.request(`/admin/actors/${id}/decision`, {
		method: 'POST', form: { csrf_token: token, ...fields }, ...opts,
	});
}

test('register, wait, get accredited, publish rights follow', async (t) => {
	const p = await registerPartner(srv, { org_name: 'Réseau Amal' });
	const id = await actorId(srv, 'Réseau Amal', 'requested');
	const partner = new Client(srv);

	await t.test('the sign-in page says the request was received', async () => {
		const r = await partner.get('/account/login?registered=1');
		assert.match(pageText(r.text), /request for accreditation has been received/);
	});

	await t.test('the partner signs in and is told, on every page, that it is pending', async () => {
		const r = await partner.signIn(p.email, p.password);
		assert.equal(r.status, 303);
		for (const page of ['/', '/account', '/actors', `/actors/${id}`])
			assert.ok(pageText((await partner.get(page)).text).includes(PENDING), `${page} says it`);
		const acc = await partner.get('/api/v1/account');
		assert.equal(acc.json.actor.status, 'requested');
		assert.doesNotMatch((await partner.get(`/actors/${id}`)).text, /id="history-h"/,
			'no history: not accredited, it may not edit anything yet');
		assert.equal((await partner.get('/admin')).status, 403);
	});

	await t.test('the public list leaves the request out; a reviewer sees it at /admin', async () => {
		const pub = await new Client(srv).get('/api/v1/actors?kind=partner');
		assert.ok(!pub.json.actors.some((a) => a.id === id));
		const reviewer = await as('reviewer');
		const admin = await reviewer.get('/admin');
		assert.equal(admin.status, 200);
		assert.match(admin.text, new RegExp(`action="/admin/actors/${id}/decision"`));
		assert.ok(pageText(admin.text).includes('Réseau Amal'));
		assert.ok(pageText(admin.text).includes(p.email), 'the reviewer sees whom to ask');
	});

	await t.test('declining needs a reason: 422 with the message beside the field', async () => {
		const r = await decide(await as('reviewer'), id, { decision: 'decline', reason: '', next: '/admin' });
		assert.equal(r.status, 422);
		assert.match(r.text, new RegExp(`id="reason-${id}-error"`));
		assert.match(r.text, /aria-invalid="true"/);
		assert.match(pageText(r.text), /Give the reason for declining/);
	});

	await t.test('the reviewer accredits it; doing it again is a conflict', async () => {
		const reviewer = await as('reviewer');
		const r = await decide(reviewer, id, { decision: 'accredit', next: '/admin' });
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('location'), '/admin');
		assert.doesNotMatch((await reviewer.get('/admin')).text,
			new RegExp(`action="/admin/actors/${id}/decision"`));
		assert.equal((await decide(reviewer, id, { decision: 'accredit' })).status, 409);
		const pub = await new Client(srv).get(`/api/v1/actors/${id}`);
		assert.equal(pub.json.actor.status, 'accredited');
	});

	await t.test('the partner, accredited, is no longer told to wait and sees its history', async () => {
		for (const page of ['/', '/account'])
			assert.ok(!pageText((await partner.get(page)).text).includes(PENDING), page);
		assert.match(pageText((await partner.get('/account')).text), /Accredited/);
		const own = await partner.get(`/actors/${id}`);
		assert.match(own.text, /id="history-h"/);
		assert.match(own.text, /actor\.decide/);
	});

	await t.test('the partner may not decide anything: 403, and the admin sees the denial', async () => {
		const other = await operatorsActorId(srv);
		for (const target of [other, id]) {
			const r = await decide(partner, target, { decision: 'suspend' });
			assert.equal(r.status, 403, `decision on actor ${target}`);
		}
		// A malformed attempt is refused the same way (the admin page is not shown).
		const bad = await decide(partner, other, { decision: 'bogus' });
		assert.equal(bad.status, 403);
		assert.doesNotMatch(bad.text, /Requests for accreditation/);
		const api = await partner.request(`/api/v1/admin/actors/${other}/decision`, {
			method: 'POST', json: { csrf_token: csrfFrom((await partner.get('/account')).text), decision: 'suspend' },
		});
		assert.equal(api.status, 403);
		assert.match(api.headers.get('content-type'), /^application\/problem\+json/);

		const audit = await (await as('admin')).get(`/api/v1/admin/audit?object_type=actor&object_id=${other}`);
		assert.equal(audit.status, 200);
		const denials = audit.json.entries.filter((e) => e.action === 'denied:actor.decide' &&
			e.user?.email === p.email);
		assert.ok(denials.length >= 3, `denials recorded: ${JSON.stringify(audit.json.entries.slice(0, 3))}`);
		const status = await new Client(srv).get(`/api/v1/actors/${id}`);
		assert.equal(status.json.actor.status, 'accredited', 'nothing changed');
		assert.ok(!audit.json.entries.some((e) => e.action === 'actor.decide'),
			'the operators\' actor was never decided on');
	});

	await t.test('suspended: the partner is told; reinstated: it is not', async () => {
		const reviewer = await as('reviewer');
		assert.equal((await decide(reviewer, id, { decision: 'suspend', next: `/actors/${id}` })).status, 303);
		assert.match(pageText((await partner.get('/')).text), /accreditation is suspended/);
		assert.match((await reviewer.get('/admin')).text, new RegExp(`value="reinstate"`));
		assert.equal((await decide(reviewer, id, { decision: 'reinstate' })).status, 303);
		assert.doesNotMatch(pageText((await partner.get('/')).text), /accreditation is suspended/);
	});
});

test('a declined request shows its reason, escaped', async () => {
	const p = await registerPartner(srv, { org_name: 'To Decline' });
	const id = await actorId(srv, 'To Decline', 'requested');
	const reason = '<script>alert("x")</script> Not about migration.';
	const r = await decide(await as('reviewer'), id, { decision: 'decline', reason });
	assert.equal(r.status, 303);
	// Declined: shown to the organisation itself (and reviewers), nobody else.
	assert.equal((await new Client(srv).get(`/actors/${id}`)).status, 404);
	const partner = new Client(srv);
	await partner.signIn(p.email, p.password);
	const page = await partner.get(`/actors/${id}`);
	assert.equal(page.status, 200);
	assert.ok(!page.text.includes('<script>alert'), 'never raw');
	assert.ok(page.text.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'), 'shown escaped');
	assert.match(pageText((await partner.get('/')).text), /request for accreditation was declined/);
});

test('decisions that do not apply', async () => {
	const reviewer = await as('reviewer');
	const state = await actorId(srv, 'Morocco');
	assert.equal((await decide(reviewer, state, { decision: 'suspend' })).status, 422, 'a state is not accredited');
	assert.equal((await decide(reviewer, 999999, { decision: 'accredit' })).status, 404);
	assert.equal((await decide(reviewer, 'abc', { decision: 'accredit' })).status, 404);
	const j = await reviewer.request(`/api/v1/admin/actors/${state}/decision`, {
		method: 'POST', json: { csrf_token: csrfFrom((await reviewer.get('/account')).text), decision: 'maybe' },
	});
	assert.equal(j.status, 422);
	assert.deepEqual(j.json.errors.map((e) => e.field), ['decision']);
});

test('who may see what: /admin, /admin/audit, /admin/users', async () => {
	const reviewer = await as('reviewer');
	const admin = await as('admin');
	assert.equal((await reviewer.get('/admin')).status, 200);
	assert.equal((await reviewer.get('/admin/audit')).status, 403, 'the whole trail is the operator\'s');
	assert.equal((await reviewer.get('/admin/users')).status, 403);
	assert.equal((await admin.get('/admin/audit')).status, 200);
	const users = await admin.get('/api/v1/admin/users');
	assert.equal(users.status, 200);
	assert.ok(users.json.users.length >= 2);
	assert.match(pageText((await admin.get('/admin/users')).text), /Reviewer/);
	const anon = new Client(srv);
	assert.equal((await anon.get('/admin')).status, 303);
	assert.equal((await anon.get('/api/v1/admin/audit')).status, 401);
});
