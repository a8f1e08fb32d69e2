// 220_commitments_import — importing commitments, all or nothing: through
// the API (CSV as the body, JSON wrapped in an object, the paste form) and
// with `pacte import commitments FILE`. A valid file is written whole; a
// file with errors on several lines reports every one as
// FILE:LINE: field: reason and writes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
	useServer, Client, signedIn, csrfFrom, pageText, runPacte, dbArgs, assertCleanExit, tokenOf,
} from './lib.mjs';

const srv = useServer();

// POSTs to /api/v1/commitments/import with a bearer token; body is text
// (sent with contentType) or an object (sent as JSON).
async function importAs(token, body, contentType = 'text/csv', query = '') {
	const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
	const opts = { method: 'POST', headers };
	if (typeof body === 'string') {
		headers['content-type'] = contentType;
		opts.body = body;
	} else {
		opts.json = body;
	}
	return new Client(srv).request('/api/v1/commitments/import' + query, opts);
}

async function total(query = '') {
	const r = await new Client(srv).get('/api/v1/commitments' + query + (query ? '&' : '?') + 'limit=1');
	return r.json.total;
}

const people = {};
async function cast() {
	if (people.admin)
		return people;
	for (const [k, role, actor] of [['admin', 'admin'], ['mar', 'focal_point', 'MAR'], ['reviewer', 'reviewer']]) {
		const { client } = await signedIn(srv, { role, actor });
		people[k] = { client, token: await tokenOf(client) };
	}
	return people;
}

const HEADER = 'owner,title,description,lang,objectives,principles,level,countries,start_date,target_date,deliverables,indicators,status,kind,form';

const GOOD_CSV = [
	HEADER,
	'MAR,Imported one: train 200 judges,"Judges, prosecutors and ""clerks""",en,7;11,human-rights,national,MAR,2024-01-01,2030-06-30,200 judges trained,Judges trained|people|0|200,planned,individual,human_resources',
	'SEN,Importé deux : guichets uniques,Des guichets dans 14 régions.,fr,21,,regional,SEN;MAR,,2029-12-31,14 guichets ouverts,Guichets|guichets||14,in_progress,individual,policy',
	'MEX,Imported three,,en,5,,national,MEX,,,,,planned,individual,process',
].join('\n') + '\n';

// Errors on lines 2, 4 and 5 (the header is line 1); line 3 is fine.
const BAD_CSV = [
	HEADER,
	'MAR,Bad objective,,en,24,,national,MAR,,2030-01-01,,,planned,individual,policy',
	'MAR,Fine line,,en,7,,national,MAR,,2030-01-01,,,planned,individual,policy',
	'SEN,Bad country,,en,7,,national,SEN;XXX,,2030-01-01,,,planned,individual,policy',
	'MEX,Bad dates,,en,7,,national,MEX,2030-01-01,2020-01-01,,,planned,individual,policy',
].join('\n') + '\n';

test('API: a valid CSV file is imported whole', async () => {
	const { admin } = await cast();
	const before = await total();
	const r = await importAs(admin.token, GOOD_CSV);
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.imported, true);
	assert.equal(r.json.records, 3);
	assert.equal(r.json.commitments, 3);
	assert.equal(await total(), before + 3);
	const found = (await new Client(srv).get('/api/v1/commitments?country=SEN&limit=100')).json.commitments;
	const two = found.find((c) => c.title === 'Importé deux : guichets uniques');
	assert.ok(two, 'the accented title survives');
	const full = (await new Client(srv).get('/api/v1' + two.url)).json.commitment;
	assert.equal(full.level, 'regional');
	assert.deepEqual(full.countries.map((c) => c.iso3).sort(), ['MAR', 'SEN']);
	assert.equal(full.indicators[0].target, 14);
	assert.equal(full.indicators[0].baseline, null);
	assert.equal(full.status, 'in_progress');
	const one = (await new Client(srv).get('/api/v1/commitments?limit=100&sort=title')).json.commitments
		.find((c) => c.title === 'Imported one: train 200 judges');
	const c1 = (await new Client(srv).get('/api/v1' + one.url)).json.commitment;
	assert.equal(c1.description, 'Judges, prosecutors and "clerks"');
});

test('API: errors on several lines are all reported, and nothing is written', async () => {
	const { admin } = await cast();
	const before = await total();
	const r = await importAs(admin.token, BAD_CSV, 'text/csv', '?filename=pledges.csv');
	assert.equal(r.status, 422, r.text);
	assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
	const lines = r.json.errors.map((e) => e.line);
	assert.deepEqual([...new Set(lines)].sort(), [2, 4, 5]);
	const byLine = Object.fromEntries(r.json.errors.map((e) => [e.line, e]));
	assert.equal(byLine[2].field, 'objectives');
	assert.equal(byLine[4].field, 'countries');
	assert.equal(byLine[5].field, 'target_date');
	for (const e of r.json.errors)
		assert.match(e.text, /^pledges\.csv:\d+: [\w.]+: .+/, e.text);
	assert.equal(r.json.count, r.json.errors.length);
	assert.equal(await total(), before, 'not even the good line');
	assert.equal((await new Client(srv).get('/api/v1/commitments?limit=100')).json.commitments
		.filter((c) => c.title === 'Fine line').length, 0);
});

test('API: JSON, wrapped in an object, with progress updates', async () => {
	const { admin } = await cast();
	const file = JSON.stringify([
		{
			owner: 'MAR', title: 'JSON import with updates', lang: 'en', objectives: [3], level: 'national',
			countries: ['MAR'], target_date: '2031-01-01', deliverables: ['3 portals'], form: 'process',
			indicators: [{ name: 'Portals', unit: 'portals', baseline: 0, target: 3 }],
			updates: [
				{ reported_at: '2025-01-10', status: 'in_progress', percent: 30 },
				{ reported_at: '2025-06-10', status: 'in_progress', percent: 60, evidence: ['https://example.org/p'] },
			],
		},
	], null, 2);
	const r = await importAs(admin.token, { format: 'json', filename: 'pledges.json', data: file });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.commitments, 1);
	assert.equal(r.json.updates, 2);
	const c = (await new Client(srv).get('/api/v1/commitments?objective=3')).json.commitments[0];
	assert.equal(c.title, 'JSON import with updates');
	assert.equal(c.percent, 60);
	const bad = await importAs(admin.token, {
		format: 'json', data: JSON.stringify([{ owner: 'MAR', title: '', objectives: [], level: 'x', form: 'policy' }]),
	});
	assert.equal(bad.status, 422);
	assert.ok(bad.json.errors.length >= 3, JSON.stringify(bad.json.errors));
	// The JSON file itself as the body, as a script would send it.
	const direct = await importAs(admin.token, JSON.stringify([{
		owner: 'MAR', title: 'Posted as a plain JSON file', lang: 'en', objectives: [4], level: 'national',
		countries: ['MAR'], target_date: '2031-01-01', deliverables: ['2 offices'], form: 'process',
	}]), 'application/json', '?filename=direct.json');
	assert.equal(direct.status, 200, direct.text);
	assert.equal(direct.json.commitments, 1);
	const directBad = await importAs(admin.token, JSON.stringify([{ owner: 'MAR', title: '' }]),
		'application/json', '?filename=direct.json');
	assert.equal(directBad.status, 422);
	assert.ok(directBad.json.errors.some((e) => /direct\.json/.test(e.text ?? '')), JSON.stringify(directBad.json.errors));
	const broken = await importAs(admin.token, { format: 'json', data: '[{"owner": "MAR",' });
	assert.equal(broken.status, 422, 'a file that does not parse is one problem');
	const empty = await importAs(admin.token, { format: 'csv', data: '' });
	assert.equal(empty.status, 422);
	assert.deepEqual(empty.json.errors.map((e) => e.field), ['data']);
	const fmt = await importAs(admin.token, { format: 'xml', data: '<x/>' });
	assert.equal(fmt.status, 422);
	assert.deepEqual(fmt.json.errors.map((e) => e.field), ['format']);
});

test('API: a focal point imports for its own state only; a reviewer not at all', async () => {
	const { mar, reviewer } = await cast();
	const before = await total();
	const own = [HEADER, 'MAR,Morocco imports its own,,en,9,,national,MAR,,2030-01-01,,,planned,individual,policy'].join('\n');
	const ok = await importAs(mar.token, own);
	assert.equal(ok.status, 200, ok.text);
	assert.equal(await total(), before + 1);
	const mixed = [HEADER,
		'MAR,Morocco again,,en,9,,national,MAR,,2030-01-01,,,planned,individual,policy',
		'SEN,Not Morocco\'s to make,,en,9,,national,SEN,,2030-01-01,,,planned,individual,policy'].join('\n');
	const refused = await importAs(mar.token, mixed);
	assert.equal(refused.status, 422, refused.text);
	assert.deepEqual(refused.json.errors.map((e) => [e.line, e.field]), [[3, 'owner']]);
	assert.equal(await total(), before + 1, 'nothing more written');
	const none = await importAs(reviewer.token, own);
	assert.equal(none.status, 403);
	const anon = await new Client(srv).request('/api/v1/commitments/import', {
		method: 'POST', body: own, headers: { 'content-type': 'text/csv' },
	});
	assert.equal(anon.status, 401);
});

test('the paste form imports too, and shows every problem with the text kept', async () => {
	const { admin } = await cast();
	const form = await admin.client.get('/commitments/import');
	assert.equal(form.status, 200);
	const token = csrfFrom(form.text);
	const bad = await admin.client.request('/commitments/import', {
		method: 'POST', form: { csrf_token: token, format: 'csv', data: BAD_CSV },
	});
	assert.equal(bad.status, 422);
	const text = pageText(bad.text);
	assert.match(text, /The file was not imported/);
	assert.match(text, /upload\.csv:2: objectives:/);
	assert.match(text, /upload\.csv:4: countries:/);
	assert.match(text, /upload\.csv:5: target_date:/);
	assert.ok(bad.text.includes('MEX,Bad dates'), 'the pasted text is kept');
	const good = await admin.client.request('/commitments/import', {
		method: 'POST',
		form: { csrf_token: token, data: [HEADER, 'MAR,Pasted in a form,,en,8,,national,MAR,,2030-01-01,,,planned,individual,policy'].join('\n') },
	});
	assert.equal(good.status, 200, good.text.slice(0, 400));
	assert.match(pageText(good.text), /The file was imported/);
});

test('CLI: pacte import commitments FILE, all or nothing', async () => {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-import-'));
	try {
		const good = path.join(dir, 'good.csv');
		const bad = path.join(dir, 'bad.csv');
		await writeFile(good, GOOD_CSV.replace(/Imported|Importé/g, 'Cli'));
		await writeFile(bad, BAD_CSV);
		const before = await total();
		const r = await runPacte(['import', 'commitments', good, ...dbArgs(srv.dir)]);
		assertCleanExit(r, 'pacte import commitments good.csv');
		assert.equal(await total(), before + 3);
		const b = await runPacte(['import', 'commitments', bad, ...dbArgs(srv.dir)]);
		assert.equal(b.code, 1, b.stderr);
		const lines = b.stderr.split('\n').filter((l) => l.startsWith(bad + ':'));
		assert.deepEqual([...new Set(lines.map((l) => Number(l.split(':')[1])))].sort(), [2, 4, 5], b.stderr);
		for (const l of lines)
			assert.match(l, /^.+bad\.csv:\d+: [\w.]+: .+/);
		assert.equal(await total(), before + 3, 'nothing written from the bad file');
		const missing = await runPacte(['import', 'commitments', path.join(dir, 'nope.csv'), ...dbArgs(srv.dir)]);
		assert.notEqual(missing.code, 0);
		const help = await runPacte(['import', '--help']);
		assert.equal(help.code, 0);
		assert.match(help.stdout, /commitments/);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
});

test('the problems are told in the reader\'s language; the console\'s stay English', async () => {
	const { admin } = await cast();
	const badHeader = BAD_CSV.replace('owner,title', 'owner,titel');
	const fr = await importAs(admin.token, BAD_CSV, 'text/csv', '?filename=engagements.csv&lang=fr');
	assert.equal(fr.status, 422, fr.text);
	const text = fr.json.errors.map((e) => e.text).join('\n');
	assert.match(text, /^engagements\.csv:4: countries: .*pays/im, text);
	assert.doesNotMatch(text, /\bThere is no\b|\bnot\b/, 'no English left');
	const cols = await importAs(admin.token, badHeader, 'text/csv', '?filename=e.csv&lang=fr');
	assert.deepEqual(cols.json.errors.map((e) => e.text).sort(),
		['e.csv:1: titel: colonne inconnue', 'e.csv:1: title: colonne manquante']);
	const en = await importAs(admin.token, badHeader, 'text/csv', '?filename=e.csv');
	assert.deepEqual(en.json.errors.map((e) => e.text).sort(),
		['e.csv:1: titel: unknown column', 'e.csv:1: title: missing column']);
});
