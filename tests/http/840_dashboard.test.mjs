// 840_dashboard — /dashboard: each chart's numbers are the totals of the lists
// they summarise (and link to); each chart at its own URL is well-formed SVG with
// a title and a summary, and says so when it has nothing to draw; the map has one
// link per state, named in the reader's language with its count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, parseXml } from './lib.mjs';

const srv = useServer({ initArgs: ['--sample'] });

const total = async (query) => {
	const r = await srv.getJSON(`/api/v1/commitments?${query}`);
	assert.equal(r.status, 200, query);
	return r.json.total;
};

test("each chart's numbers are the totals of the lists it summarises", async () => {
	const { json } = await srv.getJSON('/api/v1/dashboard');
	const { counts, charts } = json;
	assert.ok(counts.total > 0, 'the sample has commitments');
	assert.equal(counts.total, await total(''));
	const byId = Object.fromEntries(charts.map((c) => [c.id, c]));

	// By objective and status: every bar's segment is /commitments?objective=n&status=s.
	const objectives = byId.objectives;
	assert.equal(objectives.rows.length, 23);
	for (const [i, row] of objectives.rows.entries()) {
		assert.equal(row.url, `/commitments?objective=${i + 1}`);
		assert.equal(row.total, await total(`objective=${i + 1}`), row.label);
		for (const [k, s] of objectives.series.entries())
			if (row.cells[k].value > 0 || i < 3)
				assert.equal(row.cells[k].value, await total(`objective=${i + 1}&status=${s.key}`),
					`${row.label} ${s.key}`);
	}
	// Freshness: each bar is /commitments?freshness=f, and together they are all.
	let sum = 0;
	for (const row of byId.freshness.rows) {
		assert.equal(row.total, await total(row.url.split('?')[1]), row.label);
		sum += row.total;
	}
	assert.equal(sum, counts.total);
	// By quarter: every commitment made in some quarter.
	assert.equal(byId.quarters.rows.reduce((n, r) => n + r.cells[0].value, 0), counts.total);

	// The objective × region table: each cell is its list's total.
	for (const row of counts.matrix)
		for (const cell of row.cells) {
			assert.equal(cell.list_url, `/commitments?objective=${row.number}&region=${cell.m49}`);
			if (cell.total > 0 || row.number === 1) {
				assert.equal(cell.total, await total(cell.list_url.split('?')[1]), cell.list_url);
				assert.equal(cell.in_progress,
					await total(`${cell.list_url.split('?')[1]}&status=in_progress`), cell.list_url);
			}
		}
	// The map: each state with commitments is /commitments?country=ISO3.
	for (const c of counts.countries.filter((x) => x.total > 0))
		assert.equal(c.total, await total(`country=${c.iso3}`), c.iso3);
});

test('each chart is well-formed SVG with a title and a summary; an unknown one is 404', async () => {
	for (const id of ['objectives', 'freshness', 'quarters']) {
		const r = await srv.get(`/dashboard/charts/${id}.svg?lang=fr`);
		assert.equal(r.status, 200, id);
		assert.match(r.headers.get('content-type'), /^image\/svg\+xml/);
		const svg = parseXml(r.text);
		assert.equal(svg.name, 'svg');
		assert.equal(svg.attrs.xmlns, 'http://www.w3.org/2000/svg');
		assert.equal(svg.attrs.role, 'img');
		const title = svg.children.find((c) => c.name === 'title');
		const desc = svg.children.find((c) => c.name === 'desc');
		assert.ok(title?.text && desc?.text, `${id}: a title and a summary`);
		assert.equal(svg.attrs['aria-labelledby'], `${title.attrs.id} ${desc.attrs.id}`);
		// In French: the chart's words are French.
		assert.doesNotMatch(title.text, /Commitments|Reporting/, id);
		// Its JSON twin is the chart's model.
		const j = await srv.getJSON(`/api/v1/dashboard/charts/${id}.svg`);
		assert.equal(j.json.id, id);
	}
	assert.equal((await srv.get('/dashboard/charts/nothing.svg')).status, 404);
	assert.equal((await srv.get('/dashboard/charts/objectives')).status, 404);
});

test('the map: one link per state, named in the reader\'s language with its count', async () => {
	const fr = (await srv.get('/dashboard?lang=fr')).text;
	const links = [...fr.matchAll(/<a href="\/countries\/([A-Z]{3})" aria-label="([^"]*)">/g)];
	const { json } = await srv.getJSON('/api/v1/countries?lang=fr');
	const names = new Map(json.countries.map((c) => [c.iso3, c.name]));
	assert.equal(links.length, names.size, 'every state once');
	assert.equal(new Set(links.map((m) => m[1])).size, names.size);
	const counts = new Map((await srv.getJSON('/api/v1/dashboard')).json.counts.countries
		.map((c) => [c.iso3, c.total]));
	const unescape = (s) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
	for (const [, iso3, label] of links)
		assert.equal(unescape(label), `${names.get(iso3)}, engagements\u00a0: ${counts.get(iso3)}`, iso3);
	// The heat table and the charts' tables speak French too.
	assert.match(fr, /Engagements par objectif et par région/);
	assert.doesNotMatch(fr, />Morocco</);
});

test("a country's objectives, an objective's map and a region's map count their lists", async () => {
	const { json: country } = await srv.getJSON('/api/v1/countries/MAR');
	const chart = country.by_objective;
	assert.ok(chart && chart.rows.length > 0, 'the sample has commitments naming Morocco');
	for (const row of chart.rows) {
		assert.equal(row.total, await total(row.url.split('?')[1]), row.url);
		for (const [k, s] of chart.series.entries())
			assert.equal(row.cells[k].value, await total(`${row.url.split('?')[1]}&status=${s.key}`));
	}
	// Its map: the states of its sub-region, itself marked.
	const states = country.map.states;
	assert.ok(states.length > 1 && states.length < 20, 'the sub-region only');
	assert.deepEqual(states.filter((s) => s.current).map((s) => s.iso3), ['MAR']);
	const html = (await srv.get('/countries/MAR?lang=fr')).text;
	assert.match(html, /<a href="\/countries\/MAR" aria-label="Maroc, engagements\u00a0: \d+" aria-current="page">/);

	const { json: objective } = await srv.getJSON('/api/v1/objectives/7');
	assert.equal(objective.map.states.length, 195);
	for (const s of objective.map.states.filter((x) => x.total > 0))
		assert.equal(s.total, await total(`objective=7&country=${s.iso3}`), s.iso3);

	const { json: region } = await srv.getJSON('/api/v1/regions/002');
	const { json: african } = await srv.getJSON('/api/v1/countries?region=002');
	assert.deepEqual(region.map.states.map((s) => s.iso3).sort(),
		african.countries.map((c) => c.iso3).sort());
});
