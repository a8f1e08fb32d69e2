// 940_health — liveness, readiness and the outage counters (issue 20), with
// the database up: /healthz and /readyz in both formats, their pages valid
// HTML, /metrics's database counters at rest, static files served without
// the database. What they answer while the database is away is the fault
// suite's (tests/fault) and 322_security_http's (the database dropped).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, vnuErrors, DATABASE_URL } from './lib.mjs';

const srv = useServer();

test('/healthz: 200 while the process answers, saying how it last found the database', async () => {
	const r = await srv.getJSON('/healthz', { headers: { accept: '*/*' } });
	assert.equal(r.status, 200);
	assert.equal(r.json.status, 'ok');
	assert.equal(r.json.database, 'ok');
	assert.equal(r.json.healthy, true);
});

test('/readyz: 200 when the database answers and every migration has run; never cached', async () => {
	const r = await srv.getJSON('/readyz', { headers: { accept: '*/*' } });
	assert.equal(r.status, 200);
	assert.match(r.headers.get('content-type'), /^application\/json\b/);
	assert.equal(r.json.status, 'ready');
	assert.equal(r.json.database, 'ok');
	assert.equal(r.json.migrations_pending, 0);
	assert.equal(typeof r.json.ms, 'number');
	assert.match(r.headers.get('cache-control') ?? '', /no-store|no-cache/);
	const twin = await srv.getJSON('/api/v1/readyz');
	assert.equal(twin.status, 200);
	assert.equal(twin.json.status, 'ready');
});

test('/healthz and /readyz pages, in English and French, are valid HTML', async () => {
	const pages = [];
	for (const p of ['/healthz', '/readyz', '/readyz?lang=fr']) {
		const r = await srv.get(p, { headers: { accept: 'text/html' } });
		assert.equal(r.status, 200, p);
		assert.match(r.headers.get('content-type'), /^text\/html\b/, p);
		pages.push({ name: p, html: r.text });
	}
	assert.match(pages[2].html, /Base de données/);
	assert.deepEqual(await vnuErrors(pages), []);
});

test('/metrics counts database errors by kind, outages and time unavailable', async () => {
	const r = await srv.raw('/metrics');
	assert.equal(r.status, 200);
	const text = r.body.toString('utf8');
	for (const kind of ['other', 'unreachable', 'busy', 'full', 'readonly'])
		assert.match(text, new RegExp(`^pacte_database_errors_total\\{kind="${kind}"\\} \\d+$`, 'm'));
	assert.match(text, /^# TYPE pacte_database_errors_total counter$/m);
	assert.match(text, /^pacte_database_up 1$/m);
	assert.match(text, /^pacte_database_outages_total 0$/m);
	assert.match(text, /^pacte_database_unavailable_seconds_total 0\.000$/m);
	assert.match(text, /^pacte_http_stale_answers_total 0$/m);
	assert.match(text, /^pacte_last_pages_bytes \d+$/m);
	// Each memory budget beside its use (issue 19, item 5).
	for (const g of ['pacte_last_pages_budget_bytes', 'pacte_page_cache_budget_bytes'])
		assert.match(text, new RegExp(`^${g} [1-9]\\d*$`, 'm'), g);
	// And what they add up to: the process's own memory (Linux's RssAnon).
	assert.match(text, /^pacte_process_own_bytes [1-9]\d*$/m);
	// SQLite: the data version is read from the file, nobody listens.
	if (!DATABASE_URL)
		assert.match(text, /^pacte_database_listening 0$/m);
});

test('a static file needs no database and is kept in the page cache', async () => {
	// Static files are kept under the data version the cache last saw:
	// a page read first gives it one.
	assert.equal((await srv.get('/')).status, 200);
	const first = await srv.get('/static/style.css');
	assert.equal(first.status, 200);
	assert.match(first.text, /\.banner\.stale/);
	const again = await srv.get('/static/style.css', { headers: { 'if-none-match': first.headers.get('etag') } });
	assert.ok(first.headers.get('etag'), 'an ETag, from the cache key');
	assert.equal(again.status, 304);
});
