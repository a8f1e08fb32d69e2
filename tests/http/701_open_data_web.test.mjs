// 701_open_data_web — /data: the page (HTML, valid, in French too, and its
// JSON twin), the zip it serves validated as a Frictionless package, each
// table alone, the package rebuilt in the background after a write, and
// names that are not files of the package refused.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { runPacte, assertCleanExit, dbArgs, vnuErrors } from './lib.mjs';
import { packageErrors } from './frictionless.mjs';
import { openDataInstance, published, commitmentRows, BASE_URL } from './open_data.mjs';

const srv = await openDataInstance({ serveArgs: ['--base-url', `${BASE_URL}/`] });
after(() => srv.stop());
const first = await published(srv, (m) => commitmentRows(m) >= 40);

test('/data says what it holds: data version, time, licence, tables, citation', async () => {
	assert.ok(Number.isInteger(first.data_version));
	assert.match(first.created, /^\d{4}-\d\d-\d\dT/);
	assert.equal(first.licence.id, 'CC-BY-4.0');
	assert.equal(first.zip_url, '/data/pacte-open-data.zip');
	// The tables of the package it published (test_export.c holds every
	// table of the database to a decision, in or out).
	const pkg = await (await fetch(`${srv.base}/data/datapackage.json`)).json();
	assert.equal(first.tables.length, pkg.resources.length / 2);
	assert.ok(first.tables.length >= 40, `only ${first.tables.length} tables`);
	for (const t of first.tables) {
		assert.ok(Number.isInteger(t.rows), t.name);
		assert.equal(t.csv_url, `/data/${t.name}.csv`);
		assert.equal(t.jsonl_url, `/data/${t.name}.jsonl`);
	}
	assert.match(first.citation, new RegExp(`data version ${first.data_version} .*${BASE_URL}/data`));
	const html = await srv.get('/data?lang=en');
	assert.equal(html.status, 200);
	assert.match(html.text, /Download everything/);
	assert.match(html.text, new RegExp(`<dd>${first.data_version}</dd>`));
	assert.match(html.text, /href="\/data\/commitment\.csv"/);
	assert.match(html.text, /rel="license"/);
	const fr = await srv.get('/data?lang=fr');
	assert.match(fr.text, /Données ouvertes/);
	assert.match(fr.text, /Engagements/);
	assert.deepEqual(await vnuErrors([{ name: '/data', html: html.text },
		{ name: '/data?lang=fr', html: fr.text }]), []);
});

test('the zip is the whole package, valid against the Frictionless specs', async () => {
	const r = await fetch(new URL('/data/pacte-open-data.zip', srv.base));
	assert.equal(r.status, 200);
	assert.equal(r.headers.get('content-type'), 'application/zip');
	const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-zip-'));
	try {
		const zip = path.join(dir, 'p.zip');
		await writeFile(zip, Buffer.from(await r.arrayBuffer()));
		await promisify(execFile)('python3', ['-m', 'zipfile', '-e', zip, path.join(dir, 'pkg')]);
		const pkgDir = path.join(dir, 'pkg');
		assert.deepEqual(await packageErrors(pkgDir), []);
		const pkg = JSON.parse(await readFile(path.join(pkgDir, 'datapackage.json'), 'utf8'));
		assert.ok(pkg.data_version >= first.data_version);
		assert.equal(pkg.homepage, BASE_URL);
		// Each table alone is the same file as in the zip.
		for (const name of ['commitment.csv', 'progress_update.jsonl', 'country.csv']) {
			const one = await srv.get(`/data/${name}`);
			assert.equal(one.status, 200, name);
			const inZip = await readFile(path.join(pkgDir, name), 'utf8');
			if (pkg.data_version === (await srv.getJSON('/api/v1/data')).json.data_version)
				assert.equal(one.text, inZip, name);
		}
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
	const csv = await srv.get('/data/commitment.csv');
	assert.match(csv.headers.get('content-type'), /^text\/csv/);
	assert.ok(csv.text.startsWith('id,owner_actor_id,title,'));
	const jsonl = await srv.get('/data/commitment.jsonl');
	assert.match(jsonl.headers.get('content-type'), /^application\/jsonl/);
	assert.equal(JSON.parse(jsonl.text.split('\n')[0]).id, 1);
	const head = await srv.get('/data/country.csv', { method: 'HEAD' });
	assert.equal(head.status, 200);
	assert.equal(head.text, '');
});

test('a write is published in the background, and /data says the new version', async () => {
	assertCleanExit(await runPacte(['demo', '--scale', '5', '--seed', '2', ...dbArgs(srv.dir)]),
		'pacte demo');
	const later = await published(srv, (m) => m.data_version > first.data_version &&
		commitmentRows(m) >= commitmentRows(first) + 5);
	assert.ok(later.data_version > first.data_version);
	const pkg = JSON.parse((await srv.get('/data/datapackage.json')).text);
	assert.ok(pkg.data_version >= later.data_version);
});

test('names that are no file of the package: 404, nothing else read', async () => {
	// (A name with an encoded '/' is refused before routing, 400.)
	assert.equal((await srv.get('/data/..%2Fpacte.db')).status, 400);
	for (const p of ['/data/account.csv', '/data/audit_log.jsonl', '/data/commitment.xml',
		'/data/commitment', '/data/.hidden', '/data/current', '/data/v1',
		'/data/datapackage.json.tmp']) {
		const r = await srv.getJSON(p);
		assert.equal(r.status, 404, p);
		assert.match(r.headers.get('content-type'), /problem\+json/, p);
	}
	assert.equal((await srv.get('/api/v1/data/commitment.csv')).status, 404);
});
