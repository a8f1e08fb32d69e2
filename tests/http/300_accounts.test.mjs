// 300_accounts — signing in and out: the session cookie, one message for a
// wrong password and an unknown email (in similar time), where sign-in
// leads, and credentials that are forged, expired or ended count as
// signed out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
	useServer, startServer, Client, addUser, signedIn, registerPartner, actorId, runPacte, dbArgs, assertCleanExit,
	pageText, elementText, DATABASE_URL, databaseUrl,
} from './lib.mjs';

const srv = useServer();

const WRONG = 'The email or password is not right.';

test('the sign-in page: a form with a CSRF token and a double-submit cookie', async () => {
	const c = new Client(srv);
	const r = await c.get('/account/login');
	assert.equal(r.status, 200);
	assert.match(r.text, /<form\b[^>]*method="post"[^>]*action="\/account\/login"/);
	assert.match(r.text, /name="email"/);
	assert.match(r.text, /type="password"/);
	const line = r.headers.getSetCookie().find((l) => l.startsWith('pacte_csrf='));
	assert.ok(line, 'sets the CSRF cookie');
	assert.match(line, /HttpOnly/);
	assert.match(line, /SameSite=Lax/);
	assert.match(line, /Path=\//);
	assert.ok(r.text.includes(`value="${c.cookie('pacte_csrf')}"`), 'the form carries the cookie\'s value');
	assert.match(r.headers.get('cache-control') || '', /no-cache|no-store|private/);
	// The same visitor keeps the same token.
	const again = await c.get('/account/login');
	assert.equal(again.headers.getSetCookie().filter((l) => l.startsWith('pacte_csrf=')).length, 0);
	assert.ok(again.text.includes(`value="${c.cookie('pacte_csrf')}"`));
});

test('sign in, see your name, sign out', async () => {
	const u = await addUser(srv, { role: 'admin', name: 'Ada Admin' });
	const c = new Client(srv);
	const r = await c.signIn(u.email, u.password);
	assert.equal(r.status, 303);
	assert.equal(r.headers.get('location'), '/account');
	const line = r.headers.getSetCookie().find((l) => l.startsWith('pacte_session='));
	assert.ok(line, 'sets the session cookie');
	for (const attr of [/HttpOnly/, /SameSite=Lax/, /Path=\//, /Max-Age=43200/])
		assert.match(line, attr);
	assert.doesNotMatch(line, /Secure/, 'not Secure without --secure-cookies');
	assert.match(c.cookie('pacte_session'), /^[A-Za-z0-9_-]{43}$/);

	const home = await c.get('/');
	assert.equal(home.status, 200);
	assert.match(pageText(home.text), /Ada Admin/);
	assert.match(home.text, /action="\/account\/logout"/, 'a sign-out form');
	const account = await c.get('/account');
	assert.equal(account.status, 200);
	assert.match(pageText(account.text), new RegExp(u.email.replace(/[.]/g, '\\.')));

	const out = await c.signOut();
	assert.equal(out.status, 303);
	assert.match(out.headers.get('location'), /^\/account\/login/);
	assert.equal(c.cookie('pacte_session'), null, 'the cookie is cleared (Max-Age=0)');
	const after = await c.get('/account');
	assert.equal(after.status, 303, 'signed out: /account sends to the sign-in page');
});

test('signing out ends the session on the server, not only the cookie', async () => {
	const { client, user } = await signedIn(srv, { role: 'editor', actor: await editorActor() });
	const stolen = client.cookie('pacte_session');
	await client.signOut();
	const thief = new Client(srv);
	thief.setCookie('pacte_session', stolen);
	const r = await thief.get('/account');
	assert.equal(r.status, 303);
	assert.doesNotMatch(pageText((await thief.get('/')).text), new RegExp(user.name));
});

test('a new session at every sign-in', async () => {
	const u = await addUser(srv, { role: 'admin' });
	const c = new Client(srv);
	c.setCookie('pacte_session', 'A'.repeat(43));   // planted before sign-in
	await c.signIn(u.email, u.password);
	const first = c.cookie('pacte_session');
	assert.notEqual(first, 'A'.repeat(43));
	await c.signIn(u.email, u.password);
	assert.notEqual(c.cookie('pacte_session'), first);
});

test('wrong password and unknown email: the same message, status 401, the email kept', async () => {
	const u = await addUser(srv, { role: 'admin' });
	for (const [email, password] of [[u.email, 'not the password'], ['nobody-here@example.org', 'whatever it is']]) {
		const c = new Client(srv);
		const r = await c.signIn(email, password);
		assert.equal(r.status, 401, `${email}`);
		assert.ok(pageText(r.text).includes(WRONG), `${email}: says "${WRONG}"`);
		assert.ok(r.text.includes(`value="${email}"`), 'the email is kept');
		assert.doesNotMatch(r.text, new RegExp(password), 'the password is never sent back');
		assert.equal(c.cookie('pacte_session'), null, 'no session');
	}
});

test('wrong password and unknown email take similar time (medians within a factor of 3)', async () => {
	const u = await addUser(srv, { role: 'admin' });
	const c = new Client(srv);
	const token = (await c.get('/account/login')).text.match(/name="csrf_token" value="([^"]*)"/)[1];
	const time = async (email) => {
		const t0 = process.hrtime.bigint();
		const r = await c.request('/account/login', {
			method: 'POST', form: { csrf_token: token, email, password: 'definitely wrong' },
		});
		assert.equal(r.status, 401);
		return Number(process.hrtime.bigint() - t0) / 1e6;
	};
	const known = [], unknown = [];
	// Four tries each, interleaved, stays under the slowing-down threshold.
	for (let i = 0; i < 4; i++) {
		known.push(await time(u.email));
		unknown.push(await time(`unknown${i}-${process.pid}@example.org`));
	}
	const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
	const k = median(known), n = median(unknown);
	assert.ok(k / n < 3 && n / k < 3, `wrong password ${k.toFixed(1)} ms vs unknown email ${n.toFixed(1)} ms`);
});

test('after sign-in: to next when it is a path on this site, else to /account', async () => {
	const u = await addUser(srv, { role: 'admin' });
	const cases = [
		['/actors?kind=partner', '/actors?kind=partner'],
		['//evil.example/', '/account'],
		['https://evil.example/', '/account'],
		['/\\evil.example', '/account'],
		['javascript:alert(1)', '/account'],
	];
	for (const [next, to] of cases) {
		const c = new Client(srv);
		const r = await c.signIn(u.email, u.password, next);
		assert.equal(r.status, 303, next);
		assert.equal(r.headers.get('location'), to, `next=${next}`);
	}
});

test('a signed-in page asked anonymously: 303 to sign in, and back after', async () => {
	const c = new Client(srv);
	const r = await c.get('/admin/users?x=1');
	assert.equal(r.status, 303);
	assert.equal(r.headers.get('location'), '/account/login?next=/admin/users%3Fx%3D1');
	const form = await c.get(r.headers.get('location'));
	assert.match(form.text, /name="next" value="\/admin\/users\?x=1"/);
	const api = await c.get('/api/v1/account');
	assert.equal(api.status, 401);
	assert.match(api.headers.get('content-type'), /^application\/problem\+json/);
	assert.equal(api.json.status, 401);
});

test('a forged or malformed session cookie is simply signed out', async () => {
	for (const value of ['A'.repeat(43), 'forged', '', 'x'.repeat(5000), '%00%FF', '"quoted"']) {
		const c = new Client(srv);
		c.setCookie('pacte_session', value);
		const home = await c.get('/');
		assert.equal(home.status, 200, `cookie ${value.slice(0, 20)}: the home page`);
		assert.match(home.text, /href="\/account\/login"/, 'offers to sign in');
		const acc = await c.get('/account');
		assert.equal(acc.status, 303, 'the account page asks to sign in');
		const api = await c.get('/api/v1/account');
		assert.equal(api.status, 401);
	}
});

test('an expired session is signed out (idle and absolute expiry)', async () => {
	const sql = (s) => DATABASE_URL ?
		execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', databaseUrl(srv.dir), '-c', s],
			{ encoding: 'utf8' }) :
		execFileSync('sqlite3', [path.join(srv.dir, 'pacte.db'), s], { encoding: 'utf8' });
	for (const [column, age] of [['last_used_at', '2000-01-01T00:00:00.000Z'], ['created_at', '2000-01-01T00:00:00.000Z']]) {
		const { client } = await signedIn(srv, { role: 'admin' });
		assert.equal((await client.get('/account')).status, 200);
		sql(`UPDATE user_session SET ${column} = '${age}'`);
		const r = await client.get('/account');
		assert.equal(r.status, 303, `a session whose ${column} is old has expired`);
	}
});

test('a disabled account cannot sign in and its session stops working', async () => {
	const { client, user } = await signedIn(srv, { role: 'admin' });
	assertCleanExit(await runPacte(['user', 'disable', ...dbArgs(srv.dir), user.email]), 'user disable');
	assert.equal((await client.get('/account')).status, 303, 'the session no longer works');
	const again = await new Client(srv).signIn(user.email, user.password);
	assert.equal(again.status, 403, 'sign-in refused: the account is disabled');
	assert.equal(elementText(again.text, 'h1'), 'Sign in');
});

test('the API does not sign in with a password', async () => {
	const u = await addUser(srv, { role: 'admin' });
	const c = new Client(srv);
	const token = (await c.get('/api/v1/account/login')).json.csrf_token;
	const r = await c.request('/api/v1/account/login', {
		method: 'POST', json: { csrf_token: token, email: u.email, password: u.password },
	});
	assert.equal(r.status, 400);
	assert.match(r.json.detail, /token/);
	assert.equal(c.cookie('pacte_session'), null);
});

// A partner actor for editors (an editor must belong to a partner).
let partnerId;
async function editorActor() {
	if (partnerId)
		return partnerId;
	const p = await registerPartner(srv);
	partnerId = await actorId(srv, p.name, 'requested');
	return partnerId;
}

test('with --secure-cookies both cookies are Secure, named __Host-', async () => {
	const secure = await startServer({ serveArgs: ['--secure-cookies'] });
	try {
		const u = await addUser(secure, { role: 'admin' });
		const c = new Client(secure);
		const form = await c.get('/account/login');
		assert.match(form.headers.getSetCookie().find((l) => l.startsWith('__Host-pacte_csrf=')), /; Secure/);
		const r = await c.signIn(u.email, u.password);
		assert.equal(r.status, 303);
		assert.match(r.headers.getSetCookie().find((l) => l.startsWith('__Host-pacte_session=')), /; Secure/);
	} finally {
		await secure.stop();
	}
});
