// 700_open_data_export — `pacte export` on an instance with the sample and
// synthetic data: the package validated with the Frictionless validator
// (frictionless.mjs), the licence and data version it says, bad options
// refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runPacte, assertCleanExit, startServer, dbArgs } from './lib.mjs';
import { packageErrors } from './frictionless.mjs';

// A database with every kind of record: the sample (progress updates,
// translations, evidence) and synthetic commitments.
async function instance() {
	const srv = await startServer({ initArgs: ['--sample'] });
	assertCleanExit(await runPacte(['demo', '--scale', '40', ...dbArgs(srv.dir)]), 'pacte demo');
	return srv;
}

// Asserts a usage error: exit 2 and one line naming the problem.
function assertUsage(r, re, what) {
	assert.equal(r.code, 2, `${what}: exit ${r.code}\n${r.stderr}`);
	assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
	assert.match(r.stderr, re, what);
}

test('the package is valid against the Frictionless specs, its CSV and JSON Lines agree', async () => {
	const srv = await instance();
	const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-export-'));
	try {
		const r = await runPacte(['export', '--out', dir, '--base-url', 'https://pacte.example',
			...dbArgs(srv.dir)]);
		assertCleanExit(r, 'pacte export');
		const exported = /exported (\d+) tables, \d+ rows .* data version \d+/.exec(r.stdout);
		assert.ok(exported, r.stdout);
		assert.deepEqual(await packageErrors(dir), []);
		const pkg = JSON.parse(await readFile(path.join(dir, 'datapackage.json'), 'utf8'));
		// Each table as CSV and as JSON Lines. Which tables: test_export.c
		// holds every table of the database to a decision, in or out.
		assert.equal(pkg.resources.length, 2 * Number(exported[1]));
		assert.ok(Number(exported[1]) >= 40, `only ${exported[1]} tables`);
		assert.equal(pkg.licenses[0].name, 'CC-BY-4.0');
		assert.equal(pkg.homepage, 'https://pacte.example');
		assert.match(pkg.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		assert.ok(Number.isInteger(pkg.data_version) && pkg.data_version > 0);
		const names = pkg.resources.map((x) => x.name);
		for (const t of ['commitment', 'progress_update', 'progress_indicator_value',
			'commitment_translation', 'actor', 'country'])
			assert.ok(names.includes(t) && names.includes(`${t}-jsonl`), t);
		const commitments = pkg.resources.find((x) => x.name === 'commitment');
		assert.ok(commitments.rows >= 40, 'the synthetic commitments are there');
		const status = commitments.schema.fields.find((f) => f.name === 'status');
		assert.deepEqual(status.constraints.enum,
			['planned', 'in_progress', 'achieved', 'delayed', 'discontinued']);
		assert.ok(commitments.schema.foreignKeys.some((k) => k.fields === 'owner_actor_id'));
	} finally {
		await rm(dir, { recursive: true, force: true });
		await srv.stop();
	}
});

test('the validator catches a broken package (it is not a rubber stamp)', async () => {
	const srv = await instance();
	const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-export-'));
	try {
		assertCleanExit(await runPacte(['export', '--format', 'csv', '--out', dir,
			...dbArgs(srv.dir)]), 'pacte export');
		const { writeFile } = await import('node:fs/promises');
		const file = path.join(dir, 'commitment_objective.csv');
		const lines = (await readFile(file, 'utf8')).split('\r\n');
		lines[1] = lines[1].replace(/^\d+,/, '999999,');
		await writeFile(file, lines.join('\r\n'));
		const errors = await packageErrors(dir);
		assert.ok(errors.some((e) => e.startsWith('commitment_objective')), errors.join('\n'));
	} finally {
		await rm(dir, { recursive: true, force: true });
		await srv.stop();
	}
});

test('--licence, and bad options refused', async () => {
	const srv = await startServer();
	const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-export-'));
	try {
		assertCleanExit(await runPacte(['export', '--licence', 'ODbL-1.0', '--format', 'jsonl',
			'--out', dir, ...dbArgs(srv.dir)]), 'pacte export --licence');
		const pkg = JSON.parse(await readFile(path.join(dir, 'datapackage.json'), 'utf8'));
		assert.equal(pkg.licenses[0].name, 'ODbL-1.0');
		assert.ok(pkg.resources.every((x) => x.format === 'jsonl'));
		assertUsage(await runPacte(['export', '--format', 'xml', ...dbArgs(srv.dir)]),
			/--format 'xml': expected csv, jsonl or all/, 'an unknown format');
		assertUsage(await runPacte(['export', '--licence', 'proprietary', ...dbArgs(srv.dir)]),
			/--licence 'proprietary': expected one of CC-BY-4.0/, 'an unknown licence');
	} finally {
		await rm(dir, { recursive: true, force: true });
		await srv.stop();
	}
});
