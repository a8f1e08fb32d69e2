// 706_csv_whole — a list's .csv twin is the whole filtered list, not one
// page; /progress lists every progress update a page at a time with its
// filters, and /progress.csv holds them all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, runPacte, assertCleanExit, dbArgs, vnuErrors } from './lib.mjs';
import { parseCsv } from './open_data.mjs';

const srv = useServer({ initArgs: ['--sample'] });

// Every page of a JSON list, following its cursor.
async function allPages(p, key, cursor = (m) => m.next) {
	const out = [];
	let url = `/api/v1${p}${p.includes('?') ? '&' : '?'}limit=100`;
	for (;;) {
		const r = await srv.getJSON(url);
		assert.equal(r.status, 200, r.text);
		out.push(...r.json[key]);
		const next = cursor(r.json);
		if (next === null || next === undefined)
			return out;
		url = `/api/v1${p}${p.includes('?') ? '&' : '?'}limit=100&after=${encodeURIComponent(next)}`;
	}
}

test('the .csv twins hold the whole filtered list, in the order of the pages', async () => {
	assertCleanExit(await runPacte(['demo', '--scale', '260', ...dbArgs(srv.dir)]), 'pacte demo');
	for (const p of ['/commitments', '/commitments?sort=title', '/commitments?level=national']) {
		const json = await allPages(p, 'commitments');
		const [path, query] = p.split('?');
		const rows = parseCsv((await srv.get(`${path}.csv${query ? `?${query}` : ''}`)).text);
		rows.shift();
		assert.ok(json.length > 100, `${p}: more than a page (${json.length})`);
		assert.deepEqual(rows.map((r) => r[0]), json.map((c) => String(c.id)), p);
	}
});

test('/progress: every update a page at a time, filtered; /progress.csv all of them', async () => {
	const pages = await allPages('/progress', 'updates');
	assert.ok(pages.length > 100, `more than a page of updates (${pages.length})`);
	const ids = pages.map((u) => u.id);
	assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest recorded first');
	assert.equal(new Set(ids).size, ids.length, 'each once');
	const csv = parseCsv((await srv.get('/progress.csv')).text);
	const header = csv.shift();
	assert.deepEqual(header.slice(0, 3), ['id', 'commitment_id', 'commitment']);
	assert.deepEqual(csv.map((r) => Number(r[0])), ids);

	// Filters: status, dates, a scope; each row as asked.
	const delayed = await allPages('/progress?status=delayed&since=2020-01-01', 'updates');
	assert.ok(delayed.length > 0);
	for (const u of delayed) {
		assert.equal(u.status, 'delayed');
		assert.ok(u.reported_at >= '2020-01-01');
	}
	const mar = await allPages('/progress?country=Morocco', 'updates');
	assert.ok(mar.length > 0 && mar.length < pages.length);
	for (const u of mar.slice(0, 5)) {
		const c = (await srv.getJSON(`/api/v1${u.commitment.url}`)).json.commitment;
		assert.ok(c.countries.some((k) => (k.iso3 ?? k) === 'MAR'), u.commitment.url);
	}
	const csvMar = parseCsv((await srv.get('/progress.csv?country=MAR')).text).slice(1);
	assert.deepEqual(csvMar.map((r) => Number(r[0])), mar.map((u) => u.id));

	// The page in HTML and French, valid, linking its twin; bad filters refused.
	const html = await srv.get('/progress?status=delayed&lang=fr');
	assert.equal(html.status, 200);
	assert.match(html.text, /Rapports d(&#39;|')étape/);
	assert.ok(html.text.includes('<link rel="alternate" type="text/csv" href="/progress.csv?status=delayed'));
	assert.deepEqual(await vnuErrors([{ name: '/progress', html: html.text }]), []);
	for (const bad of ['status=finished', 'objective=99', 'since=2020-13-01', 'country=Atlantis', 'after=x', 'limit=500']) {
		const r = await srv.getJSON(`/api/v1/progress?${bad}`);
		assert.equal(r.status, 400, bad);
		assert.equal(r.json.errors.length, 1, bad);
	}
});
