// 703_csv_twins — every list page has a .csv twin beside its JSON twin:
// the same rows, the same filters, refusals as problem+json; the HTML page
// links it; a page that is no list has none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from './lib.mjs';
import { parseCsv } from './open_data.mjs';

const srv = useServer({ initArgs: ['--sample'] });

const LISTS = [
	['/commitments', 'commitments', 'id'],
	['/commitments?objective=7', 'commitments', 'id'],
	['/commitments?country=MAR&status=in_progress', 'commitments', 'id'],
	['/actors', 'actors', 'id'],
	['/actors?kind=partner', 'actors', 'id'],
	['/countries', 'countries', 'iso3'],
	['/countries?region=002', 'countries', 'iso3'],
	['/objectives', 'objectives', 'number'],
	['/principles', 'principles', 'slug'],
];

test('each list as CSV holds the rows of its JSON twin, with the same filters', async () => {
	for (const [p, key, id] of LISTS) {
		const [path, query] = p.split('?');
		const csvPath = `${path}.csv${query ? `?${query}` : ''}`;
		const r = await srv.get(csvPath);
		assert.equal(r.status, 200, csvPath);
		assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8; header=present');
		const rows = parseCsv(r.text);
		const header = rows.shift();
		assert.equal(header[0], id, csvPath);
		const json = (await srv.getJSON(`/api/v1${p}`)).json[key];
		assert.deepEqual(rows.map((x) => x[0]), json.map((x) => String(x[id])), csvPath);
		// The HTML page links its twin.
		const html = await srv.get(p);
		assert.ok(html.text.includes(`<link rel="alternate" type="text/csv" href="${csvPath.replace(/&/g, '&amp;')}">`),
			`${p} links ${csvPath}`);
	}
	const c = parseCsv((await srv.get('/commitments.csv?objective=7')).text);
	assert.ok(c.length > 1, 'the sample has commitments for objective 7');
	const objectives = c[0].indexOf('objectives');
	for (const row of c.slice(1))
		assert.ok(row[objectives].split('; ').includes('7'), row.join(','));
});

test('bad filters are refused as with the JSON twin; pages that are no list have no .csv', async () => {
	const r = await srv.getJSON('/commitments.csv?objective=99');
	assert.equal(r.status, 400);
	assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
	assert.equal(r.json.errors[0].field, 'objective');
	for (const p of ['/objectives/3.csv', '/countries/MAR.csv', '/account.csv', '/data.csv',
		'/feeds/commitments.atom.csv', '/.csv', '/nothing.csv'])
		assert.equal((await srv.get(p)).status, 404, p);
	// Cached apart from the HTML and the JSON of the same address.
	const a = await srv.get('/objectives.csv'), b = await srv.get('/objectives.csv');
	assert.equal(a.text, b.text);
	assert.match((await srv.get('/objectives')).headers.get('content-type'), /^text\/html/);
	assert.match((await srv.getJSON('/objectives')).headers.get('content-type'), /^application\/json/);
});
