// 322_security_http — regression tests for the findings of the security
// review (issue 11) about what the server says in its headers and where it
// listens, each failing on the code before its fix:
//    8. 429 answers (and the health check's 503) said nothing of when to
//       come back: no Retry-After;
//   11. X-Forwarded-Proto: https from a trusted proxy did not make the
//       cookies Secure, and no cookie had the __Host- prefix;
//   12. private pages (/account, /admin/…) were sent Cache-Control:
//       no-cache, which lets a browser or a proxy store them;
//   13. /metrics answered anyone who asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import {
	useServer, startServer, Client, addUser, signedIn, tokenOf, csrfFrom, freePort, dropDatabase,
	runPacte, dbArgs, DATABASE_URL,
} from './lib.mjs';

const srv = useServer();

// ---- finding 8: every 429 and 503 says when to come back --------------------

// A Retry-After in seconds, as RFC 9110 allows it: a whole number, here at
// most the throttle's window (15 minutes).
function assertRetryAfter(headers, what) {
	const v = headers.get('retry-after');
	assert.match(v ?? '', /^\d+$/, `${what}: Retry-After in seconds, got ${v}`);
	assert.ok(Number(v) >= 1 && Number(v) <= 900, `${what}: Retry-After ${v}`);
}

test('finding 8: a sign-in refused by the throttle (429) says when to come back', { timeout: 120000 }, async () => {
	const u = await addUser(srv, { role: 'admin' });
	const c = new Client(srv);
	// Up to the refusal, whether the attempts before it are slowed or refused.
	let html;
	for (let i = 0; i < 15 && !html; i++) {
		const r = await c.signIn(u.email, `wrong password ${i}`);
		if (r.status === 429)
			html = r;
	}
	assert.ok(html, 'the throttle refuses within 15 failures');
	assertRetryAfter(html.headers, 'the HTML 429');
	const json = await c.request('/account/login', {
		method: 'POST', headers: { accept: 'application/json' },
		form: { csrf_token: csrfFrom((await c.get('/account/login')).text), email: u.email,
			password: u.password },
	});
	assert.equal(json.status, 429);
	assertRetryAfter(json.headers, 'the JSON 429');
});

test('finding 8: an overloaded server (503) says when to come back, in HTML too', async () => {
	const busy = await startServer({ serveArgs: ['--max-connections', '10'] });
	const idle = await Promise.all(Array.from({ length: 9 }, () => new Promise((resolve, reject) => {
		const s = net.connect(busy.port, '127.0.0.1', () => resolve(s));
		s.on('error', reject);
	})));
	try {
		await new Promise((r) => setTimeout(r, 200));
		const r = await busy.get('/objectives');
		assert.equal(r.status, 503);
		assert.match(r.headers.get('content-type'), /^text\/html/);
		assertRetryAfter(r.headers, 'the HTML 503');
	} finally {
		for (const s of idle)
			s.destroy();
		await new Promise((r) => setTimeout(r, 300));
		await busy.stop();
	}
});

// /readyz is the check that fails with the database (/healthz, liveness,
// stays 200 while the process answers: issue 20).
test('finding 8: the readiness check (503, database gone) says when to come back', { skip: !DATABASE_URL && 'PostgreSQL only: an SQLite file cannot go away under a connection' }, async () => {
	const lonely = await startServer();
	try {
		assert.equal((await lonely.get('/readyz')).status, 200);
		dropDatabase(lonely.dir);   // the database goes, connections and all
		assert.equal((await lonely.get('/healthz')).status, 200, 'the process still answers');
		for (const accept of ['application/json', 'text/html']) {
			const r = await lonely.get('/readyz', { headers: { accept } });
			assert.equal(r.status, 503, r.text);
			assertRetryAfter(r.headers, `the ${accept} 503`);
		}
	} finally {
		await lonely.stop();
	}
});

// ---- finding 11: Secure and __Host- cookies behind a TLS proxy ----------------

// Set-Cookie lines of an answer, by the cookie's name on the wire.
function cookieLines(r) {
	const out = new Map();
	for (const line of r.headers.getSetCookie())
		out.set(/^\s*([^=;\s]+)=/.exec(line)?.[1], line);
	return out;
}

// A browser talking to the site through a TLS proxy: every request arrives
// with the proxy's X-Forwarded-Proto.
class ProxiedClient extends Client {
	constructor(s, proto) {
		super(s);
		this.proto = proto;
	}
	request(p, opts = {}) {
		return super.request(p, { ...opts,
			headers: { 'x-forwarded-proto': this.proto, 'x-forwarded-for': '203.0.113.5',
				...opts.headers } });
	}
}

// A host-only, Secure cookie: what the __Host- prefix demands of it.
function assertHostCookie(line, what) {
	assert.ok(line, `${what} is set`);
	assert.match(line, /; Secure(;|$)/, `${what} is Secure: ${line}`);
	assert.match(line, /; Path=\/(;|$)/, `${what} has Path=/: ${line}`);
	assert.doesNotMatch(line, /Domain=/i, `${what} has no Domain: ${line}`);
	assert.equal(line.match(/; Secure/g).length, 1, `Secure once: ${line}`);
}

test('finding 11: behind a trusted proxy, X-Forwarded-Proto: https makes every cookie __Host- and Secure', async () => {
	const proxied = await startServer({ serveArgs: ['--trust-proxy'] });
	try {
		const u = await addUser(proxied, { role: 'admin' });
		const c = new ProxiedClient(proxied, 'https');
		const form = await c.get('/account/login');
		assertHostCookie(cookieLines(form).get('__Host-pacte_csrf'), 'the CSRF cookie');
		assert.ok(!cookieLines(form).has('pacte_csrf'), 'and by that name only');

		const r = await c.signIn(u.email, u.password);
		assert.equal(r.status, 303, r.text);
		assertHostCookie(cookieLines(r).get('__Host-pacte_session'), 'the session cookie');
		assert.ok(!cookieLines(r).has('pacte_session'));
		const account = await c.get('/account');
		assert.equal(account.status, 200, 'the __Host- session cookie signs in');

		const lang = await c.get('/objectives/1?lang=fr');
		assertHostCookie(cookieLines(lang).get('__Host-lang'), 'the language cookie');
		assert.match(c.cookie('__Host-lang'), /^fr$/);
		assert.match((await c.get('/objectives/1')).text, /<html[^>]*lang="fr"/, 'and is read back');

		const out = await c.signOut();
		assert.equal(out.status, 303);
		assert.match(cookieLines(out).get('__Host-pacte_session') ?? '', /Max-Age=0/,
			'signing out clears the cookie by its name');

		// The forwarded scheme is the proxy's to say, request by request:
		// plain HTTP through the same proxy keeps plain names, not Secure.
		const plain = await new ProxiedClient(proxied, 'http').get('/account/login');
		const line = cookieLines(plain).get('pacte_csrf');
		assert.ok(line, 'plain HTTP: pacte_csrf');
		assert.doesNotMatch(line, /Secure/);
	} finally {
		await proxied.stop();
	}
});

test('finding 11: without --trust-proxy, a client cannot claim HTTPS', async () => {
	const r = await new ProxiedClient(srv, 'https').get('/account/login');
	const line = cookieLines(r).get('pacte_csrf');
	assert.ok(line, 'the plain name');
	assert.doesNotMatch(line, /Secure/);
	assert.ok(!cookieLines(r).has('__Host-pacte_csrf'));
});

test('finding 11: over HTTPS a cookie without the __Host- prefix is not believed', async () => {
	const proxied = await startServer({ serveArgs: ['--trust-proxy'] });
	try {
		const u = await addUser(proxied, { role: 'admin' });
		const c = new ProxiedClient(proxied, 'https');
		assert.equal((await c.signIn(u.email, u.password)).status, 303);
		const session = c.cookie('__Host-pacte_session');
		assert.ok(session);

		// The same session under the plain name, as a sibling subdomain or
		// an answer over plain HTTP could have planted it: signed out.
		const planted = new ProxiedClient(proxied, 'https');
		planted.setCookie('pacte_session', session);
		assert.equal((await planted.get('/account')).status, 303, 'sent to sign in');

		// A planted double-submit CSRF cookie opens no anonymous form.
		const forger = new ProxiedClient(proxied, 'https');
		forger.setCookie('pacte_csrf', 'A'.repeat(43));
		const r = await forger.request('/account/login', {
			method: 'POST', form: { csrf_token: 'A'.repeat(43), email: u.email, password: u.password },
		});
		assert.equal(r.status, 403, 'a planted CSRF cookie is refused');
		assert.equal(forger.cookie('__Host-pacte_session'), null, 'and nobody is signed in');
	} finally {
		await proxied.stop();
	}
});

// ---- finding 12: private pages are private, no-store -------------------------

const PRIVATE = 'private, no-store';

test('finding 12: every answer to a signed-in reader is private, no-store', async () => {
	const { client } = await signedIn(srv, { role: 'admin' });
	for (const p of ['/account', '/admin', '/admin/audit', '/admin/users', '/commitments/new',
		'/', '/objectives/1', '/api/v1/account', '/api/v1/admin/audit']) {
		const r = await client.get(p);
		assert.ok(r.status < 500, `${p}: ${r.status}`);
		assert.equal(r.headers.get('cache-control'), PRIVATE, `${p} (${r.status})`);
	}
	const out = await client.signOut();
	assert.equal(out.headers.get('cache-control'), PRIVATE, 'the sign-out redirect');
});

test('finding 12: with a bearer token too', async () => {
	const { client } = await signedIn(srv, { role: 'focal_point', actor: 'MAR' });
	const token = await tokenOf(client);
	const r = await new Client(srv).get('/api/v1/account', {
		headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
	});
	assert.equal(r.status, 200);
	assert.equal(r.headers.get('cache-control'), PRIVATE);
});

test('finding 12: anonymous answers that are someone\'s are private too; public pages are not', async () => {
	const c = new Client(srv);
	const login = await c.get('/account/login');   // a CSRF token and cookie of its own
	assert.equal(login.headers.get('cache-control'), PRIVATE, '/account/login');
	const account = await c.get('/account');        // the way to sign in
	assert.equal(account.status, 303);
	assert.equal(account.headers.get('cache-control'), PRIVATE, '/account (anonymous)');
	const admin = await c.get('/api/v1/admin/audit');
	assert.equal(admin.status, 401);
	assert.equal(admin.headers.get('cache-control'), PRIVATE, '/api/v1/admin/audit (anonymous)');

	// Public pages stay shareable, revalidated with their ETag.
	const home = await new Client(srv).get('/');
	assert.equal(home.headers.get('cache-control'), 'no-cache');
	const css = await new Client(srv).get('/static/style.css');
	assert.match(css.headers.get('cache-control'), /^public, max-age=\d+$/);
});

// ---- finding 13: /metrics is for the operators --------------------------------

// A GET through node's http module, optionally from another local address.
function fetchFrom(port, p, { localAddress, headers = {}, method = 'GET' } = {}) {
	return new Promise((resolve, reject) => {
		const req = http.request({ host: '127.0.0.1', port, path: p, method, headers, localAddress,
			agent: false, timeout: 20000 }, (res) => {
			const chunks = [];
			res.on('data', (d) => chunks.push(d));
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
				text: Buffer.concat(chunks).toString('utf8') }));
		});
		req.on('timeout', () => req.destroy(new Error(`${p}: no answer`)));
		req.on('error', reject);
		req.end();
	});
}

// An address of this machine that is not a loopback one, or null.
function otherLocalAddress() {
	for (const list of Object.values(os.networkInterfaces()))
		for (const a of list ?? [])
			if (a.family === 'IPv4' && !a.internal)
				return a.address;
	return null;
}

test('finding 13: by default /metrics answers only local clients that come through no proxy', async () => {
	const local = await fetchFrom(srv.port, '/metrics');
	assert.equal(local.status, 200);
	assert.match(local.text, /^# TYPE pacte_http_requests_total counter$/m);
	for (const headers of [{ 'x-forwarded-for': '203.0.113.9' }, { 'x-forwarded-for': '127.0.0.1' },
		{ forwarded: 'for=203.0.113.9' }, { 'x-real-ip': '203.0.113.9' }]) {
		const r = await fetchFrom(srv.port, '/metrics', { headers });
		assert.equal(r.status, 404, `through a proxy (${JSON.stringify(headers)})`);
		assert.doesNotMatch(r.text, /pacte_http_requests_total/);
		const post = await fetchFrom(srv.port, '/metrics', { headers, method: 'POST' });
		assert.equal(post.status, 404, 'a POST learns nothing either (no 405)');
	}
	assert.equal((await fetchFrom(srv.port, '/api/v1/metrics')).status, 404);
});

test('finding 13: a client from another address gets 404', { skip: !otherLocalAddress() && 'no address but loopback here' }, async () => {
	const from = otherLocalAddress();
	const r = await fetchFrom(srv.port, '/metrics', { localAddress: from });
	assert.equal(r.status, 404, `from ${from}`);
	assert.equal((await fetchFrom(srv.port, '/objectives', { localAddress: from })).status, 200,
		'the site itself answers that client');
});

test('finding 13: with --metrics-listen, /metrics is served there and only there', async () => {
	const mport = await freePort();
	const s = await startServer({ serveArgs: ['--metrics-listen', `127.0.0.1:${mport}`] });
	try {
		assert.match(s.stderr(), new RegExp(`pacte: metrics on http://127\\.0\\.0\\.1:${mport}/metrics`));
		assert.equal((await fetchFrom(s.port, '/objectives/1')).status, 200);
		assert.equal((await fetchFrom(s.port, '/metrics')).status, 404, 'not on the site, even locally');
		// A request is counted once its answer is sent: the client may see
		// the end of it a moment before.
		const counted = /^pacte_http_requests_total\{route="\/objectives\/\{n\}",status="200"\} [1-9]/m;
		let m;
		for (let i = 0; i < 20 && !counted.test(m?.text ?? ''); i++) {
			if (i)
				await new Promise((r) => setTimeout(r, 100));
			m = await fetchFrom(mport, '/metrics');
			assert.equal(m.status, 200);
		}
		assert.match(m.headers['content-type'], /^text\/plain;\s*version=0\.0\.4\b/);
		assert.match(m.text, counted, 'it counts the site\'s requests');
		// From afar too: the operator chose who may reach this address.
		assert.equal((await fetchFrom(mport, '/metrics', { headers: { 'x-forwarded-for': '203.0.113.9' } })).status, 200);
		for (const p of ['/', '/objectives', '/healthz', '/api/v1/objectives', '/account/login', '/static/style.css'])
			assert.equal((await fetchFrom(mport, p)).status, 404, `${p} is not on the metrics listener`);
		assert.equal((await fetchFrom(mport, '/account/logout', { method: 'POST' })).status, 404);
	} finally {
		await s.stop();
	}
});

test('finding 13: --metrics-listen is checked', async () => {
	const r = await runPacte(['serve', ...dbArgs(srv.dir), '--listen', `127.0.0.1:${await freePort()}`,
		'--metrics-listen', 'nowhere'], { timeout: 20000 });
	assert.equal(r.code, 1);
	assert.match(r.stderr, /--metrics-listen 'nowhere': expected IPv4-HOST:PORT/);
});
