// 400_errors — unknown things are 404s, wrong methods 405, bad input 400,
// a request line past the server's buffer 414: an HTML error page or RFC
// 9457 problem+json, never a 500, never a file from outside static/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, elementText } from './lib.mjs';

const srv = useServer();

const NOT_FOUND = [
	'/nope',
	'/objectives/24',
	'/objectives/0',
	'/objectives/abc',
	'/objectives/1x',
	'/objectives/-1',
	'/objectives/99999999999999999999',
	'/countries/XXX',
	'/principles/nope',
	'/regions/999',
	'/regions/abc',
	'/static/nope.css',
];

function assertProblem(r, status, what) {
	assert.equal(r.status, status, `${what}: ${r.text.slice(0, 300)}`);
	assert.match(r.headers.get('content-type'), /^application\/problem\+json\b/, what);
	assert.equal(r.json.status, status, `${what}: "status" in the body`);
	assert.equal(typeof r.json.title, 'string');
	assert.ok(r.json.title.length > 0);
	assert.equal(r.json.type ?? 'about:blank', 'about:blank');
}

for (const p of NOT_FOUND) {
	test(`404 HTML ${p}`, async () => {
		const r = await srv.get(p);
		assert.equal(r.status, 404, `GET ${p}: ${r.text.slice(0, 300)}`);
		assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
		assert.match(elementText(r.text, 'title'), /Not found/);
		assert.match(elementText(r.text, 'h1'), /Not found/);
	});

	if (p.startsWith('/static/'))
		continue;

	test(`404 JSON /api/v1${p}`, async () => {
		const r = await srv.getJSON('/api/v1' + p);
		assertProblem(r, 404, `/api/v1${p}`);
		assert.equal(r.json.title, 'Not found');
	});

	test(`404 Accept: application/json ${p}`, async () => {
		const r = await srv.getJSON(p);
		assertProblem(r, 404, p);
	});
}

test('404 under /api/v1 for an unknown API path', async () => {
	const r = await srv.getJSON('/api/v1/nope', { headers: { accept: '*/*' } });
	assertProblem(r, 404, '/api/v1/nope');
	assert.equal(r.json.title, 'Not found');
});

test('the French 404 page is in French', async () => {
	const r = await srv.get('/nope?lang=fr');
	assert.equal(r.status, 404);
	assert.match(r.text, /<html\b[^>]*lang="fr"/);
	assert.doesNotMatch(elementText(r.text, 'title'), /Not found/);
});

for (const p of ['/objectives', '/objectives/1', '/countries', '/']) {
	test(`405 for POST ${p}, with Allow`, async () => {
		const r = await srv.get(p, { method: 'POST', body: 'a=b',
			headers: { 'content-type': 'application/x-www-form-urlencoded' } });
		assert.equal(r.status, 405, `POST ${p}: ${r.text.slice(0, 200)}`);
		const allow = r.headers.get('allow');
		assert.ok(allow, 'has an Allow header');
		assert.match(allow, /\bGET\b/);
		assert.doesNotMatch(allow, /\bPOST\b/);
	});
}

test('405 as problem+json under /api/v1', async () => {
	const r = await srv.getJSON('/api/v1/objectives', { method: 'DELETE' });
	assertProblem(r, 405, 'DELETE /api/v1/objectives');
	assert.match(r.headers.get('allow'), /\bGET\b/);
});

// Sent with node's http module: fetch would resolve the dot segments itself.
// A dot segment, plain or encoded, or a NUL is bad input (400); what is left
// names no file under static/ (404).
const TRAVERSALS = [
	['/static/../Makefile', 400],
	['/static/%2e%2e/Makefile', 400],
	['/static/%2E%2E/Makefile', 400],
	['/static/..%2fMakefile', 400],
	['/static/%2e%2e%2fMakefile', 400],
	['/static/..%5cMakefile', 404],         // a backslash is no separator
	['/static/../../../../etc/passwd', 400],
	['/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd', 400],
	['/static//etc/passwd', 404],           // static/etc/passwd
	['/static/./style.css/../../Makefile', 400],
	['/../Makefile', 400],
	['/%2e%2e/Makefile', 400],
	['/static/%00style.css', 400],
	['/static/style.css%00.html', 400],
];

for (const [p, status] of TRAVERSALS) {
	test(`path traversal ${p} is refused: ${status}`, async () => {
		const r = await srv.raw(p);
		assert.equal(r.status, status, `GET ${p}`);
		const body = r.body.toString('latin1');
		assert.doesNotMatch(body, /PKG_CFLAGS|BASE_CFLAGS/, 'the Makefile leaked');
		assert.doesNotMatch(body, /root:x?:0:0/, '/etc/passwd leaked');
	});
}

test('invalid UTF-8 in the query is a 400 that says so', async () => {
	const r = await srv.raw('/countries?q=%ff');
	assert.equal(r.status, 400);
	assert.match(r.headers['content-type'], /^text\/html; charset=utf-8/);
	assert.match(r.body.toString('utf8'), /UTF-8/i);
});

test('invalid UTF-8 in the query, as JSON', async () => {
	const r = await srv.getJSON('/api/v1/countries?q=%ff');
	assertProblem(r, 400, '/api/v1/countries?q=%ff');
	assert.match(`${r.json.title} ${r.json.detail ?? ''}`, /UTF-8/i);
});

const BAD_INPUT = [
	'/countries?q=%c3%28',           // a broken two-byte sequence
	'/countries?q=%ed%a0%80',        // a UTF-16 surrogate
	'/countries?q=%c0%af',           // an overlong '/'
	'/countries?q=a%00b',            // NUL
	'/objectives/%ff',
	'/countries/%ff%fe',
];

for (const p of BAD_INPUT) {
	test(`bad input ${p}: 400`, async () => {
		const r = await srv.raw(p);
		assert.equal(r.status, 400, `GET ${p}`);
	});
}

test('a bad escape is refused: 400', async () => {
	for (const p of ['/countries?q=%zz', '/countries?q=%', '/countries?q=%f', '/countries?%=1']) {
		const r = await srv.raw(p);
		assert.equal(r.status, 400, `GET ${p}`);
	}
});

test('a query value over its limit is 400; a request line past the server\'s buffer 414 ' +
	'(or the connection closed)', async () => {
	const r = await srv.raw('/countries?q=' + 'a'.repeat(1000));
	assert.equal(r.status, 400, '1000 bytes');
	for (const n of [65537, 200000]) {
		let r;
		try {
			r = await srv.raw('/countries?q=' + 'a'.repeat(n));
		} catch (e) {
			// libmicrohttpd may drop a request line over its memory limit.
			assert.match(e.code ?? e.message, /ECONNRESET|EPIPE|socket hang up/);
			continue;
		}
		assert.equal(r.status, 414, `${n} bytes`);
	}
});

test('a region filter: a code that names no region is an empty list, one that is no ' +
	'M49 code a 400, an empty or blank one no filter', async () => {
	const none = await srv.getJSON('/api/v1/countries?region=999');
	assert.equal(none.status, 200);
	assert.deepEqual(none.json.countries, []);
	for (const v of ['abc', '1234', '0%2002'])
		assertProblem(await srv.getJSON('/api/v1/countries?region=' + v), 400, `region=${v}`);
	/* Blank is "not given", as for every field (validate.h). */
	for (const v of ['', '%20']) {
		const all = await srv.getJSON('/api/v1/countries?region=' + v);
		assert.equal(all.status, 200);
		assert.equal(all.json.countries.length, 195);
	}
});

test('the server still answers after all that', async () => {
	const r = await srv.getJSON('/api/v1/healthz');
	assert.equal(r.status, 200);
	assert.equal(r.json.status, 'ok');
});
