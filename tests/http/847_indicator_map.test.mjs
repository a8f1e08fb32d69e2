// 847_indicator_map — an indicator's map by country on /indicators/{code}:
// every state drawn, those with a value coloured and named with their
// latest value (the same as the page's table), the others "no value"; a
// legend; the table fallback; the states' names in the reader's language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, runPacte, dbArgs, assertCleanExit } from './lib.mjs';

const srv = useServer();

test("the map's values are each country's latest value, named in the reader's language", async () => {
	assertCleanExit(await runPacte(['demo', '--scale', '50', ...dbArgs(srv.dir)]), 'pacte demo');
	const list = (await srv.getJSON('/api/v1/indicators')).json.indicators;
	const ind = list.find((i) => i.countries > 0);
	assert.ok(ind, 'the demo gave an indicator values');
	for (const lang of ['en', 'fr']) {
		const r = await srv.getJSON(`/api/v1/indicators/${ind.code}?lang=${lang}`);
		assert.equal(r.status, 200);
		const { map, countries } = r.json;
		assert.ok(map.states.length > 150, 'every state drawn');
		assert.ok(map.legend.length >= 2, 'a legend');
		// The table fallback: a row per country with a value, its latest.
		const rows = Object.fromEntries(map.rows.map((row) => [row.url, row]));
		// French writes a decimal comma.
		const fixed = (v) => (lang === 'fr' ? v.toFixed(2).replace('.', ',') : v.toFixed(2));
		assert.equal(map.rows.length, countries.length);
		for (const c of countries) {
			assert.ok(rows[c.url], c.url);
			assert.equal(rows[c.url].name, c.name);
			assert.equal(rows[c.url].text, fixed(c.value), c.iso3);
			const st = map.states.find((s) => s.url === c.url);
			if (st)
				assert.ok(st.label.includes(fixed(c.value)) && st.label.includes(c.name), st.label);
		}
		const none = map.states.find((s) => !rows[s.url]);
		assert.match(none.label, lang === 'fr' ? /aucune valeur/ : /no value/);
		assert.equal(none.colour, '#ffffff');
	}
	const fr = (await srv.getJSON(`/api/v1/indicators/${ind.code}?lang=fr`)).json.map;
	const mar = fr.states.find((s) => s.iso3 === 'MAR');
	assert.match(mar.name, /^Maroc$/);
	const html = await srv.get(`/indicators/${ind.code}?lang=fr`);
	assert.match(html.text, /<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="map-svg"/);
	assert.match(html.text, /dernière valeur par pays/);
});

test('an indicator without values has no map, and says so', async () => {
	const list = (await srv.getJSON('/api/v1/indicators')).json.indicators;
	const bare = list.find((i) => i.countries === 0);
	if (!bare)
		return;
	const r = await srv.getJSON(`/api/v1/indicators/${bare.code}`);
	assert.equal(r.json.map, undefined);
	assert.match((await srv.get(`/indicators/${bare.code}`)).text, /No country has a value/);
});
