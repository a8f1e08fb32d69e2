// 841_indicators — the indicators: the catalogue with its sources (in the
// reader's language); `pacte import indicators FILE` all or nothing with
// FILE:LINE: COLUMN: reason; the SDMX-CSV round trip through the export URL;
// a country's series with its breakdown filter, progress status and chart
// (well-formed SVG at its own URL); bad filters and unknown codes refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { useServer, runPacte, dbArgs, assertCleanExit, parseXml } from './lib.mjs';

const srv = useServer();

const FLOW = 'PACTE:DF_GCM_INDICATORS(1.0)';
const GOOD = [
	'DATAFLOW,INDICATOR,REF_AREA,SEX,AGE,MIGRATORY_STATUS,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE',
	`${FLOW},SDG_10_C_1,MAR,_T,_T,_T,2016,9.5,PERCENT`,
	`${FLOW},SDG_10_C_1,MAR,_T,_T,_T,2019,7.25,PERCENT`,
	`${FLOW},SDG_10_C_1,MAR,_T,_T,_T,2022,5,PERCENT`,
	`${FLOW},SDG_10_C_1,SEN,_T,_T,_T,2022,8.125,PERCENT`,
	`${FLOW},SDG_8_8_1,FRA,F,_T,MIGRANT,2020,120.5,PER_100000`,
].join('\r\n') + '\r\n';
const BAD = [
	'INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE',
	'SDG_10_C_1,MAR,2023,4,PERCENT',
	'SDG_10_C_1,ZZZ,2023,4,PERCENT',
	'SDG_10_C_1,SEN,2023,four,PERCENT',
	'SDG_10_C_1,SEN,2023,4,NUMBER',
	'SDG_10_C_1,MAR,2023,4,PERCENT',
].join('\n') + '\n';

async function withFiles(fn) {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-indicators-'));
	try {
		return await fn(dir);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

test('the catalogue: each indicator with its source, in the reader\'s language', async () => {
	const { json } = await srv.getJSON('/api/v1/indicators?lang=fr');
	assert.ok(json.indicators.length >= 8);
	for (const i of json.indicators) {
		assert.match(i.source_url, /^https:\/\/unstats\.un\.org\//, i.code);
		assert.ok(i.objectives.length > 0, i.code);
	}
	const c1 = json.indicators.find((i) => i.code === 'SDG_10_C_1');
	assert.equal(c1.sdg, '10.c.1');
	assert.match(c1.name, /envois de fonds/);
	assert.equal(c1.target, 3);
	const html = (await srv.get('/indicators?lang=fr')).text;
	assert.match(html, /Coût des envois de fonds/);
});

test('import all or nothing, then the SDMX-CSV round trip', async () => {
	await withFiles(async (dir) => {
		const bad = path.join(dir, 'bad.csv');
		await writeFile(bad, BAD);
		const b = await runPacte(['import', 'indicators', bad, ...dbArgs(srv.dir)]);
		assert.equal(b.code, 1, b.stderr);
		const lines = b.stderr.split('\n').filter((l) => l.startsWith(bad + ':'));
		assert.deepEqual(lines.map((l) => l.slice(bad.length + 1).split(':').slice(0, 2).join(':')),
			['3: REF_AREA', '4: OBS_VALUE', '5: UNIT_MEASURE', '6: OBS_VALUE'], b.stderr);
		assert.match(b.stderr, /the same observation as line 2/);
		assert.match(b.stderr, /nothing was imported/);
		assert.equal((await srv.getJSON('/api/v1/indicators/SDG_10_C_1')).json.countries.length, 0);

		const good = path.join(dir, 'good.csv');
		await writeFile(good, GOOD);
		const r = await runPacte(['import', 'indicators', good, ...dbArgs(srv.dir)]);
		assertCleanExit(r, 'pacte import indicators good.csv');
		assert.match(r.stdout, /imported 5 observations/);

		// The export holds the same observations, in the same form.
		const c1 = await srv.get('/indicators/SDG_10_C_1/sdmx.csv');
		assert.equal(c1.status, 200);
		assert.match(c1.headers.get('content-type'), /^text\/csv/);
		const g = await srv.get('/indicators/SDG_8_8_1/sdmx.csv');
		const header = GOOD.split('\r\n')[0];
		const rows = (t) => t.split('\r\n').filter((l) => l && l !== header);
		assert.deepEqual([...rows(c1.text), ...rows(g.text)], rows(GOOD));
		// The export imported again changes nothing.
		const again = path.join(dir, 'again.csv');
		await writeFile(again, c1.text);
		assertCleanExit(await runPacte(['import', 'indicators', again, ...dbArgs(srv.dir)]), 'reimport');
		assert.equal((await srv.get('/indicators/SDG_10_C_1/sdmx.csv')).text, c1.text);
	});
});

test("a country's series: its values, breakdowns, status and chart", async () => {
	const { json } = await srv.getJSON('/api/v1/indicators/SDG_10_C_1/MAR');
	const pv = (series) => series.map(({ period, value }) => ({ period, value }));
	assert.deepEqual(pv(json.series), [{ period: 2016, value: 9.5 }, { period: 2019, value: 7.25 },
		{ period: 2022, value: 5 }]);
	// From 9.5 in 2016 to 3 by 2030 asks -0.46 a year; -0.75 a year is on track.
	assert.equal(json.progress.status, 'on_track');
	assert.equal(json.chart.rows.map((r) => r.total_text).join(' '), '9.50 7.25 5.00');
	const svg = await srv.get(json.chart.svg_url);
	assert.equal(svg.status, 200);
	const root = parseXml(svg.text);
	assert.equal(root.name, 'svg');
	assert.match(root.children.find((c) => c.name === 'title').text, /Morocco/);
	// A breakdown the country has; one that does not exist; bad codes.
	const f = await srv.getJSON('/api/v1/indicators/SDG_8_8_1/FRA?sex=F&migratory_status=MIGRANT');
	assert.deepEqual(pv(f.json.series), [{ period: 2020, value: 120.5 }]);
	assert.equal(f.json.progress.status, 'insufficient');
	assert.deepEqual(f.json.breakdowns.sex.map((s) => s.code), ['F']);
	assert.equal((await srv.get('/indicators/SDG_8_8_1/FRA?sex=X')).status, 400);
	assert.equal((await srv.get('/indicators/SDG_99/FRA')).status, 404);
	assert.equal((await srv.get('/indicators/SDG_8_8_1/ZZZ')).status, 404);
	assert.equal((await srv.get('/indicators/SDG_99')).status, 404);
	// The indicator's page lists each country's latest value, names in French.
	const page = (await srv.getJSON('/api/v1/indicators/SDG_10_C_1?lang=fr')).json;
	assert.deepEqual(page.countries.map((c) => [c.name, c.period, c.value]),
		[['Maroc', 2022, 5], ['Sénégal', 2022, 8.125]]);
	// Written with the reader's decimal mark: a comma in French.
	assert.deepEqual(page.countries.map((c) => c.value_text), ['5', '8,125']);
	const fr = (await srv.getJSON('/api/v1/indicators/SDG_10_C_1/MAR?lang=fr')).json;
	assert.deepEqual(fr.series.map((v) => v.value_text), ['9,5', '7,25', '5']);
	assert.equal(fr.chart.rows.map((r) => r.total_text).join(' '), '9,50 7,25 5,00');
	assert.equal(fr.progress.latest.value_text, '5');
	const html = (await srv.get('/indicators/SDG_10_C_1/MAR?lang=fr')).text;
	assert.ok(html.includes('<td class="num-col">7,25</td>'), 'the table');
	assert.match(html, /7,25<\/text>/, 'the chart');
	assert.ok((await srv.get('/indicators/SDG_10_C_1?lang=fr')).text
		.includes('<td class="num-col">8,125</td>'));
	assert.ok((await srv.get('/indicators/SDG_10_C_1')).text.includes('<td class="num-col">8.125</td>'));
});
