// 150_cache — ETags and 304s, gzip, and the cache policy of static files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { useServer, PAGES } from './lib.mjs';

const srv = useServer();

for (const p of PAGES) {
	test(`ETag and 304 for ${p}`, async () => {
		const r = await srv.raw(p);
		assert.equal(r.status, 200);
		const etag = r.headers.etag;
		assert.ok(etag, 'has an ETag');
		assert.match(etag, /^(W\/)?"[^"]+"$/, 'ETag is a quoted string');

		const again = await srv.raw(p);
		assert.equal(again.headers.etag, etag, 'the same page keeps its ETag');
		assert.deepEqual(again.body, r.body, 'and its bytes');

		const nm = await srv.raw(p, { headers: { 'if-none-match': etag } });
		assert.equal(nm.status, 304);
		assert.equal(nm.body.length, 0, '304 has no body');
		assert.equal(nm.headers.etag, etag, '304 repeats the ETag');

		const other = await srv.raw(p, { headers: { 'if-none-match': '"not-the-etag"' } });
		assert.equal(other.status, 200);
		assert.ok(other.body.length > 0);
	});
}

test('If-None-Match with a list or * also gives 304', async () => {
	const r = await srv.raw('/objectives');
	const etag = r.headers.etag;
	const list = await srv.raw('/objectives', { headers: { 'if-none-match': `"x", ${etag}` } });
	assert.equal(list.status, 304);
});

test('English and French pages have different ETags', async () => {
	const en = await srv.raw('/objectives/1');
	const fr = await srv.raw('/objectives/1?lang=fr');
	const frHeader = await srv.raw('/objectives/1', { headers: { 'accept-language': 'fr' } });
	assert.ok(en.headers.etag && fr.headers.etag);
	assert.notEqual(en.headers.etag, fr.headers.etag);
	assert.notEqual(en.headers.etag, frHeader.headers.etag);
	const nm = await srv.raw('/objectives/1?lang=fr', { headers: { 'if-none-match': en.headers.etag } });
	assert.equal(nm.status, 200, 'the English ETag does not validate the French page');
});

test('HTML and JSON twins have different ETags', async () => {
	const html = await srv.raw('/objectives/1');
	const json = await srv.raw('/objectives/1', { headers: { accept: 'application/json' } });
	assert.ok(json.headers.etag, 'the JSON twin has an ETag');
	assert.notEqual(html.headers.etag, json.headers.etag);
	const nm = await srv.raw('/objectives/1', {
		headers: { accept: 'application/json', 'if-none-match': html.headers.etag },
	});
	assert.equal(nm.status, 200, 'the HTML ETag does not validate the JSON twin');
});

for (const p of ['/', '/objectives', '/countries', '/api/v1/countries', '/static/style.css']) {
	test(`gzip ${p}`, async () => {
		const plain = await srv.raw(p);
		assert.equal(plain.status, 200);
		assert.notEqual(plain.headers['content-encoding'], 'gzip', 'no gzip unless asked');

		const gz = await srv.raw(p, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
		assert.equal(gz.status, 200);
		assert.equal(gz.headers['content-encoding'], 'gzip');
		assert.match(gz.headers.vary ?? '', /Accept-Encoding/i, 'Vary: Accept-Encoding');
		assert.equal(gz.headers['content-type'], plain.headers['content-type']);
		const bytes = gunzipSync(gz.body);
		assert.deepEqual(bytes, plain.body, 'gunzips to the same bytes');
		assert.ok(gz.body.length < plain.body.length, 'and is smaller');
	});
}

// The cache keeps one gzipped copy of a page, whoever asked first: a
// reader who refuses gzip is answered from it, unzipped, with the same
// headers but the encoding (issue 19, item 5: the budget counts compressed
// bytes).
test('one cached copy serves gzip and plain readers alike', async () => {
	for (const [first, second] of [['gzip', 'identity'], ['identity', 'gzip']]) {
		const p = `/objectives?one-copy=${first}`;
		const a = await srv.raw(p, { headers: { 'accept-encoding': first } });
		const b = await srv.raw(p, { headers: { 'accept-encoding': second } });
		// The access log's line is written once the answer is sent.
		const logged = () => srv.stderr().split('\n')
			.filter((l) => l.includes(`target="${p}"`)).map((l) => /cache=(\w+)/.exec(l)?.[1]);
		for (let i = 0; i < 100 && logged().length < 2; i++)
			await new Promise((r) => setTimeout(r, 50));
		// (Each line is written when its answer is done, so on a loaded
		// machine the second may be written first: the set is what counts.)
		assert.deepEqual(logged().sort(), ['hit', 'miss'], `${first} then ${second}: one rendering`);
		const [gz, plain] = first === 'gzip' ? [a, b] : [b, a];
		assert.equal(gz.headers['content-encoding'], 'gzip');
		assert.equal(plain.headers['content-encoding'], undefined);
		assert.deepEqual(gunzipSync(gz.body), plain.body, 'the same page');
		for (const h of ['etag', 'content-type', 'vary', 'cache-control', 'content-language'])
			assert.equal(plain.headers[h], gz.headers[h], h);
	}
});

test('a gzip 304 still works', async () => {
	const h = { 'accept-encoding': 'gzip' };
	const gz = await srv.raw('/objectives', { headers: h });
	const nm = await srv.raw('/objectives', { headers: { ...h, 'if-none-match': gz.headers.etag } });
	assert.equal(nm.status, 304);
	assert.equal(nm.body.length, 0);
});

test('pages are small: the home page under 30 KB compressed', async () => {
	const gz = await srv.raw('/', { headers: { 'accept-encoding': 'gzip' } });
	assert.ok(gz.body.length < 30 * 1024, `${gz.body.length} bytes`);
});

test('static CSS: text/css with a long Cache-Control', async () => {
	const r = await srv.raw('/static/style.css');
	assert.equal(r.status, 200);
	assert.match(r.headers['content-type'], /^text\/css\b/);
	const cc = r.headers['cache-control'] ?? '';
	const m = /max-age=(\d+)/.exec(cc);
	assert.ok(m, `Cache-Control has max-age: "${cc}"`);
	assert.ok(Number(m[1]) >= 86400, `max-age ${m[1]} is at least a day`);
	assert.ok(r.body.length > 0);
});

test('dynamic pages are not cached for long by shared caches', async () => {
	const r = await srv.raw('/objectives');
	const cc = r.headers['cache-control'] ?? '';
	const m = /max-age=(\d+)/.exec(cc);
	assert.ok(!m || Number(m[1]) <= 3600, `Cache-Control "${cc}"`);
});
