// 310_throttle — repeated failed sign-ins for one account are slowed down
// (past a few, the next must come a moment after the last: 429 with a
// short Retry-After, answered at once), then refused for a while with a
// clear message (429), even with the right password; other accounts are
// not locked out by it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, addUser, pageText, failSignIns } from './lib.mjs';

const srv = useServer();

const TOO_MANY = /Too many failed sign-ins: try again in \d+ minutes?\./;

test('the 11th attempt after 10 failures is refused with 429, even with the right password', { timeout: 120000 }, async () => {
	const victim = await addUser(srv, { role: 'admin' });
	const bystander = await addUser(srv, { role: 'admin' });
	const c = new Client(srv);
	const statuses = await failSignIns(c, victim.email, 10);
	// Five answered at once; past 5 (SIGNIN_SLOW_AFTER), one that comes
	// too soon is told to wait a second or two (the helper waits), and is
	// answered after it: refused only once 10 (SIGNIN_REFUSE_AT) are on
	// record.
	assert.deepEqual(statuses.slice(0, 5), Array(5).fill(401));
	assert.equal(statuses.filter((s) => s === 401).length, 10);
	assert.ok(statuses.includes(429), `${statuses}`);

	const r = await c.signIn(victim.email, victim.password);
	assert.equal(r.status, 429);
	assert.ok(Number(r.headers.get('retry-after')) > 60, 'refused for minutes');
	assert.match(pageText(r.text), TOO_MANY);
	assert.equal(c.cookie('pacte_session'), null, 'no session');
	assert.ok(r.text.includes(`value="${victim.email}"`), 'the form keeps the email');

	const json = await c.request('/account/login', {
		method: 'POST', headers: { accept: 'application/json' },
		form: { csrf_token: c.cookie('pacte_csrf'), email: victim.email, password: victim.password },
	});
	assert.equal(json.status, 429);
	assert.match(json.headers.get('content-type'), /^application\/problem\+json/);
	assert.match(json.json.detail, TOO_MANY);

	const other = await new Client(srv).signIn(bystander.email, bystander.password);
	assert.equal(other.status, 303, 'another account from the same address still signs in');
});

test('the French page says it in French', { timeout: 120000 }, async () => {
	const u = await addUser(srv, { role: 'admin' });
	const c = new Client(srv);
	c.setCookie('lang', 'fr');
	await failSignIns(c, u.email, 10);
	const r = await c.signIn(u.email, u.password);
	assert.equal(r.status, 429);
	assert.match(pageText(r.text), /Trop de tentatives de connexion/);
});
