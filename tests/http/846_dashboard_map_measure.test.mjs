// 846_dashboard_map_measure — /dashboard's map coloured by the reader's
// choice (?measure=commitments|active|overdue|practices|needs, a plain GET
// form):
// each state's number under each measure equals the list it stands for,
// the table lists exactly the states counted, the legend and the form
// say which measure is drawn; an unknown measure is a 400.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, runPacte, dbArgs, assertCleanExit } from './lib.mjs';

const srv = useServer({ initArgs: ['--sample'] });

const total = async (path) => {
	const r = await srv.getJSON(path);
	assert.equal(r.status, 200, path);
	return r.json.total;
};
// /hub answers at most 50 open items, with their count.
const needs = async (iso3) => {
	const { count } = (await srv.getJSON(`/api/v1/hub?side=need&country=${iso3}`)).json;
	assert.ok(count < 50, 'the whole list');
	return count;
};
const expected = {
	commitments: async (iso3) => total(`/api/v1/commitments?country=${iso3}`),
	active: async (iso3) => {
		const all = await total(`/api/v1/commitments?country=${iso3}`);
		const on = await total(`/api/v1/commitments?country=${iso3}&status=in_progress`);
		return Math.floor((on * 100 + Math.floor(all / 2)) / all);
	},
	overdue: async (iso3) => {
		const all = await total(`/api/v1/commitments?country=${iso3}`);
		const late = await total(`/api/v1/commitments?country=${iso3}&freshness=due`) +
			await total(`/api/v1/commitments?country=${iso3}&freshness=inactive`);
		return Math.floor((late * 100 + Math.floor(all / 2)) / all);
	},
	practices: async (iso3) => total(`/api/v1/practices?country=${iso3}`),
	needs,
};

test("each measure's numbers are those of the lists they stand for", async () => {
	assertCleanExit(await runPacte(['demo', '--scale', '300', ...dbArgs(srv.dir)]), 'pacte demo');
	for (const measure of Object.keys(expected)) {
		const r = await srv.getJSON(`/api/v1/dashboard?measure=${measure}`);
		assert.equal(r.status, 200, measure);
		const { map, counts } = r.json;
		assert.equal(map.measure, measure);
		assert.deepEqual(map.measures.filter((m) => m.selected).map((m) => m.value), [measure]);
		assert.ok(map.rows.some((row) => row.total > 0), `${measure}: some state is counted`);
		assert.ok(map.legend.length >= 2, `${measure}: a legend`);
		// The table lists exactly the states counted, with the lists' numbers.
		const counted = counts.countries.filter((c) =>
			measure === 'practices' ? c.practices > 0 : measure === 'needs' ? c.needs > 0 : c.total > 0);
		assert.deepEqual(map.rows.map((row) => row.url).sort(), counted.map((c) => c.url).sort(), measure);
		for (const row of map.rows) {
			const iso3 = row.url.slice('/countries/'.length);
			assert.equal(row.total, await expected[measure](iso3), `${measure} ${iso3}`);
		}
		// Each state on the map is named with its number under the measure.
		for (const st of map.states.filter((s) => map.rows.some((row) => row.url === s.url)).slice(0, 5))
			assert.match(st.label, new RegExp(`${st.total}`), st.label);
	}
});

test('the choice is a plain GET form on the page; an unknown measure is refused', async () => {
	const r = await srv.get('/dashboard?measure=needs&lang=fr');
	assert.equal(r.status, 200);
	assert.match(r.text, /<form class="filters" method="get" action="\/dashboard#map-h"/);
	assert.match(r.text, /<select id="map-measure" name="measure">/);
	assert.match(r.text, /<option value="needs" selected>Besoins ouverts<\/option>/);
	assert.match(r.text, /Besoins ouverts par pays/);
	assert.equal((await srv.get('/dashboard?measure=nothing')).status, 400);
	assert.equal((await srv.getJSON('/api/v1/dashboard?measure=nothing')).status, 400);
});
