// 842_indicators_import_web — indicators' national values entered through
// the web (issue 16, item 5: "entered by focal points"): the form at
// /indicators/import and its API twin take the SDMX-CSV file the command
// takes, all or nothing, every problem listed as FILE:LINE: COLUMN:
// reason; a focal point writes their own country's values only, and the
// refusal of another's is a 403.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, person, vnuErrors } from './lib.mjs';

const srv = useServer();
const FLOW = 'PACTE:DF_GCM_INDICATORS(1.0)';
const HEAD = 'DATAFLOW,INDICATOR,REF_AREA,SEX,AGE,MIGRATORY_STATUS,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE';
const rows = (...r) => [HEAD, ...r].join('\n') + '\n';

test('a focal point imports their country\'s values through the form; the page shows them', async () => {
	const mar = await person(srv, 'focal_point', 'MAR');
	const form = await mar.client.get('/indicators/import');
	assert.equal(form.status, 200);
	assert.deepEqual(await vnuErrors([{ name: 'indicators/import', html: form.text }]), []);
	const r = await mar.client.submit('/indicators/import', '/indicators/import', {
		data: rows(`${FLOW},SDG_10_C_1,MAR,_T,_T,_T,2018,8.5,PERCENT`,
			`${FLOW},SDG_10_C_1,MAR,_T,_T,_T,2023,6.25,PERCENT`),
	});
	assert.equal(r.status, 200, r.text.slice(0, 500));
	assert.match(r.text, /role="status"/);
	const series = await srv.getJSON('/api/v1/indicators/SDG_10_C_1/MAR');
	assert.equal(series.status, 200);
	const text = JSON.stringify(series.json);
	assert.ok(text.includes('6.25') && text.includes('8.5'), 'both values are shown');
});

test('all or nothing: every problem listed, what was pasted kept, nothing written', async () => {
	const mar = await person(srv, 'focal_point', 'MAR');
	const bad = rows(`${FLOW},SDG_10_C_1,MAR,_T,_T,_T,2024,5,PERCENT`,
		`${FLOW},SDG_10_C_1,MAR,_T,_T,_T,2025,five,PERCENT`,
		`${FLOW},NO_SUCH,MAR,_T,_T,_T,2025,5,PERCENT`);
	const r = await mar.client.submit('/indicators/import', '/indicators/import', { data: bad });
	assert.equal(r.status, 422);
	assert.match(r.text, /upload\.csv:3: OBS_VALUE: /);
	assert.match(r.text, /upload\.csv:4: INDICATOR: /);
	assert.ok(r.text.includes('2025,five,PERCENT'), 'the pasted file is given back');
	const api = await mar.api('POST', '/indicators/import', { data: bad, filename: 'mine.csv' });
	assert.equal(api.status, 422);
	assert.deepEqual(api.json.errors.map((e) => [e.line, e.field]), [[3, 'OBS_VALUE'], [4, 'INDICATOR']]);
	const series = await srv.getJSON('/api/v1/indicators/SDG_10_C_1/MAR');
	assert.ok(!JSON.stringify(series.json).includes('2024'), 'the good line was not written either');
});

test('another country\'s values are refused (403); the API takes the same file', async () => {
	const mar = await person(srv, 'focal_point', 'MAR');
	const sen = rows(`${FLOW},SDG_10_C_1,SEN,_T,_T,_T,2022,7,PERCENT`);
	assert.equal((await mar.api('POST', '/indicators/import', { data: sen })).status, 403);
	const own = await mar.api('POST', '/indicators/import',
		{ data: rows(`${FLOW},SDG_10_C_1,MAR,F,_T,_T,2022,7,PERCENT`) });
	assert.equal(own.status, 200, own.text);
	assert.equal(own.json.observations, 1);
	const anon = await srv.get('/indicators/import');
	assert.notEqual(anon.status, 200, 'signed in only');
});
