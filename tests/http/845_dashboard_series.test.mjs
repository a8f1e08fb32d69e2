// 845_dashboard_series — /dashboard's practices and needs by objective
// (migration 0023's tallies): each bar equals the total of the list it
// summarises (/practices?objective=n, /hub?side=need&objective=n; per
// region /practices?region=m49 and the union of its countries' needs), after
// the demo's data and after a need moves through its workflow (the
// triggers follow a status change); the chart at its own URL is SVG.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, runPacte, dbArgs, assertCleanExit, person, parseXml } from './lib.mjs';

const srv = useServer({ initArgs: ['--sample'] });

const chart = async () => {
	const { json } = await srv.getJSON('/api/v1/dashboard');
	return json.charts.find((c) => c.id === 'practices-needs');
};
const total = async (path) => (await srv.getJSON(`/api/v1${path}`)).json.total;
const practices = async (n) => (await srv.getJSON(`/api/v1/practices?objective=${n}`)).json.total;
// /hub lists at most 50 open items (a count, no total): the demo's few
// needs stay below that, so the count is the list's whole.
const needs = async (n) => {
	const { count } = (await srv.getJSON(`/api/v1/hub?side=need&objective=${n}`)).json;
	assert.ok(count < 50, 'the whole list');
	return count;
};

async function assertMatches(what) {
	const c = await chart();
	assert.equal(c.rows.length, 23, what);
	assert.deepEqual(c.series.map((s) => s.key), ['practices', 'needs']);
	let any = 0;
	for (const [i, row] of c.rows.entries()) {
		assert.equal(row.url, `/practices?objective=${i + 1}`);
		assert.equal(row.cells[0].value, await practices(i + 1), `${what}: ${row.label} practices`);
		assert.equal(row.cells[1].value, await needs(i + 1), `${what}: ${row.label} needs`);
		any += row.total;
	}
	return any;
}

test('practices and open needs per objective equal their lists, before and after a need is accepted', async () => {
	assertCleanExit(await runPacte(['demo', '--scale', '300', ...dbArgs(srv.dir)]), 'pacte demo');
	assert.ok(await assertMatches('after the demo') > 0, 'the demo made practices and needs');

	const before = (await chart()).rows[5].cells[1].value;
	const mar = await person(srv, 'focal_point', 'MAR');
	const rev = await person(srv, 'reviewer');
	const need = await mar.api('POST', '/hub/needs', {
		title: 'Training for labour inspectors', description: 'Two weeks.', support: 'training',
		objectives: [6], countries: ['MAR'], languages: ['fr'],
	});
	assert.equal(need.status, 201, need.text);
	// submitted: not open yet
	assert.equal((await chart()).rows[5].cells[1].value, before);
	const url = need.headers.get('location');
	assert.equal((await rev.api('POST', url + '/assess', { decision: 'accept', notes: 'Clear.' })).status, 200);
	assert.equal((await chart()).rows[5].cells[1].value, before + 1);
	await assertMatches('after an acceptance');
});

// "2025-05-17T…" → "2025-Q2".
const quarterOf = (when) => `${when.slice(0, 4)}-Q${Math.floor((Number(when.slice(5, 7)) - 1) / 3) + 1}`;
const bump = (counts, key) => { counts[key] = (counts[key] ?? 0) + 1; };

// Every commitment's page: its owner's status and its latest final
// assessment's completion, counted as the chart should; and every final
// assessment by the quarter it was finalised (into byQuarter).
async function assessedByHand(byQuarter = {}) {
	const counts = {};
	let after = '';
	do {
		const { json } = await srv.getJSON(`/api/v1/commitments?limit=100${after}`);
		for (const c of json.commitments) {
			const page = (await srv.getJSON(`/api/v1/commitments/${c.id}`)).json;
			const finals = page.assessment.assessments.filter((a) => a.final);
			for (const a of finals)
				bump(byQuarter, quarterOf(a.finalised_at));
			if (finals.length === 0)
				continue;
			const latest = finals.reduce((x, y) => (y.id > x.id ? y : x));
			const key = `${latest.completion}/${page.commitment.status}`;
			counts[key] = (counts[key] ?? 0) + 1;
		}
		after = json.next ? `&after=${encodeURIComponent(json.next)}` : '';
	} while (after);
	return counts;
}

// The open needs naming a country of the region, each once: the union
// of the hub's lists of its countries.
async function regionNeeds(countries) {
	const ids = new Set();
	for (const c of countries) {
		const { items, count } = (await srv.getJSON(`/api/v1/hub?side=need&country=${c.iso3}`)).json;
		assert.ok(count < 50, 'the whole list');
		for (const it of items)
			ids.add(it.id);
	}
	return ids.size;
}

test('practices and open needs per region equal their lists, each counted once', async () => {
	const { json } = await srv.getJSON('/api/v1/dashboard');
	const c = json.charts.find((x) => x.id === 'practices-needs-regions');
	assert.equal(c.rows.length, 5);
	let any = 0;
	for (const [i, region] of json.counts.regions.entries()) {
		const row = c.rows[i];
		assert.equal(row.url, `/practices?region=${region.m49}`);
		assert.equal(row.cells[0].value, await total(row.url), `${region.name} practices`);
		const mine = json.counts.countries.filter((k) => k.region === region.m49 && k.needs > 0);
		assert.equal(row.cells[1].value, await regionNeeds(mine), `${region.name} needs`);
		any += row.total;
	}
	assert.ok(any > 0, 'the demo made practices and needs in some region');
});

test('self-reported beside assessed: each cell is the commitments whose pages say so', async () => {
	const { json } = await srv.getJSON('/api/v1/dashboard');
	const c = json.charts.find((x) => x.id === 'assessed');
	assert.deepEqual(c.series.map((s) => s.key),
		['planned', 'in_progress', 'achieved', 'delayed', 'discontinued']);
	assert.equal(c.rows.length, 5);
	const byHand = await assessedByHand();
	assert.ok(Object.keys(byHand).length > 0, 'the demo assessed some commitments');
	const fromChart = {};
	for (const [k, row] of c.rows.entries())
		for (const [i, s] of c.series.entries())
			if (row.cells[i].value > 0)
				fromChart[`${json.counts.assessed[k].completion}/${s.key}`] = row.cells[i].value;
	assert.deepEqual(fromChart, byHand);
	assert.equal(json.counts.assessed_total, Object.values(byHand).reduce((a, b) => a + b, 0));
});

test('practices, needs and assessments by quarter equal their lists grouped by quarter', async () => {
	const { json } = await srv.getJSON('/api/v1/dashboard');
	const c = json.charts.find((x) => x.id === 'quarters-practices');
	assert.deepEqual(c.series.map((s) => s.key), ['practices', 'needs', 'assessments']);
	const fromChart = [{}, {}, {}];
	for (const row of c.rows)
		for (let i = 0; i < 3; i++)
			if (row.cells[i].value > 0)
				fromChart[i][row.label] = row.cells[i].value;
	// The chart and the model's quarters agree, and the model keeps them all.
	assert.equal(json.counts.quarters.length, c.rows.length);

	const practices = {};
	let after = '';
	do {
		const { json: page } = await srv.getJSON(`/api/v1/practices?limit=100${after}`);
		for (const p of page.practices)
			bump(practices, quarterOf(p.published_at));
		after = page.next ? `&after=${encodeURIComponent(page.next)}` : '';
	} while (after);
	assert.ok(Object.keys(practices).length > 0, 'the demo published practices');
	assert.deepEqual(fromChart[0], practices, 'published practices by quarter');

	const { items, count } = (await srv.getJSON('/api/v1/hub?side=need')).json;
	assert.ok(count > 0 && count < 50, 'some open needs, the whole list');
	const needs = {};
	for (const it of items)
		bump(needs, quarterOf(it.created_at));
	assert.deepEqual(fromChart[1], needs, 'open needs by quarter posted');

	const assessments = {};
	await assessedByHand(assessments);
	assert.ok(Object.keys(assessments).length > 0, 'the demo finalised assessments');
	assert.deepEqual(fromChart[2], assessments, 'final assessments by quarter');
});

test('the charts at their own URL are SVG with a title and a summary, in French', async () => {
	for (const [id, word] of [['practices-needs', /Pratiques/], ['practices-needs-regions', /région/],
		['assessed', /évalu/], ['quarters-practices', /trimestre/]]) {
		const r = await srv.get(`/dashboard/charts/${id}.svg?lang=fr`);
		assert.equal(r.status, 200, id);
		const svg = parseXml(r.text);
		assert.equal(svg.name, 'svg');
		const title = svg.children.find((c) => c.name === 'title');
		assert.match(title.text, word);
		assert.ok(svg.children.find((c) => c.name === 'desc')?.text);
	}
});
