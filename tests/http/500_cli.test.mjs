// 500_cli — the pacte command line: help, usage errors, init twice, serve's
// start-up line, access log and clean exit on SIGINT/SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runPacte, assertCleanExit, startServer, dbArgs, DATABASE_URL } from './lib.mjs';

const COMMANDS = ['init', 'serve', 'migrate'];

// Asserts a usage error: exit 2 and exactly one non-empty line on stderr.
function assertUsageError(r, what) {
	assert.equal(r.code, 2, `${what}: exit ${r.code}\n${r.stderr}`);
	const lines = r.stderr.split('\n').filter((l) => l.length > 0);
	assert.equal(lines.length, 1, `${what}: one line on stderr, got:\n${r.stderr}`);
	assert.match(lines[0], /^pacte\b/, `${what}: the line names the program`);
	assert.equal(r.stdout, '', `${what}: nothing on stdout`);
}

test('pacte --help lists the commands, exit 0', async () => {
	for (const args of [['--help'], ['help']]) {
		const r = await runPacte(args);
		assertCleanExit(r, `pacte ${args.join(' ')}`);
		for (const c of COMMANDS)
			assert.match(r.stdout, new RegExp(`\\b${c}\\b`), `pacte ${args.join(' ')} lists ${c}`);
	}
});

test('pacte with no command: usage on stderr, non-zero', async () => {
	const r = await runPacte([]);
	assert.notEqual(r.code, 0);
	assert.match(r.stderr, /usage|pacte/i);
});

for (const c of COMMANDS) {
	test(`pacte ${c} --help and pacte help ${c}`, async () => {
		const a = await runPacte([c, '--help']);
		assertCleanExit(a, `pacte ${c} --help`);
		assert.match(a.stdout, new RegExp(`\\b${c}\\b`));
		assert.match(a.stdout, /--db\b/);
		assert.match(a.stdout, /--database-url\b/);
		const b = await runPacte(['help', c]);
		assertCleanExit(b, `pacte help ${c}`);
		assert.equal(b.stdout, a.stdout, 'the same text');
	});
}

test('pacte serve --help names its flags', async () => {
	const r = await runPacte(['serve', '--help']);
	for (const f of ['--listen', '--threads', '--lang'])
		assert.ok(r.stdout.includes(f), `mentions ${f}`);
});

test('pacte init --help names --sample', async () => {
	const r = await runPacte(['init', '--help']);
	assert.ok(r.stdout.includes('--sample'));
});

test('usage errors: exit 2 with one line on stderr', async () => {
	const cases = [
		['nope'],
		['help', 'nope'],
		['serve', '--threads'],
		['serve', '--listen'],
		['serve', '--nope'],
		['serve', '--threads', 'abc'],
		['serve', '--threads', '0'],
		['serve', '--threads', '-1'],
		['serve', '--threads', '99999999999999999999'],
		['init', '--db'],
		['init', '--nope'],
		['init', 'extra-argument'],
		['migrate', '--database-url'],
	];
	for (const args of cases)
		assertUsageError(await runPacte(args), `pacte ${args.join(' ')}`);
});

test('serve on a bad --listen fails cleanly', async () => {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-cli-'));
	try {
		assertCleanExit(await runPacte(['init', ...dbArgs(dir)]), 'init');
		for (const listen of ['nonsense', '127.0.0.1:99999', '127.0.0.1:']) {
			const r = await runPacte(['serve', ...dbArgs(dir), '--listen', listen], { timeout: 20000 });
			assert.notEqual(r.code, 0, `--listen ${listen} must fail`);
			assert.ok(r.stderr.trim().length > 0, 'says why');
			assert.doesNotMatch(r.stderr, /AddressSanitizer|runtime error:/);
		}
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
});

test('init twice on one database: both exit 0, counts unchanged', async () => {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-cli-'));
	const counts = async () => {
		const srv = await startServer({ dir, init: false });
		try {
			const home = (await srv.getJSON('/api/v1/')).json;
			const c = (await srv.getJSON('/api/v1/countries')).json;
			const o = (await srv.getJSON('/api/v1/objectives')).json;
			const p = (await srv.getJSON('/api/v1/principles')).json;
			return { figures: home.figures, countries: c.count, objectives: o.objectives.length,
				principles: p.principles.length };
		} finally {
			await srv.stop();
		}
	};
	try {
		assertCleanExit(await runPacte(['init', ...dbArgs(dir)]), 'first init');
		const first = await counts();
		assert.equal(first.countries, 195);
		assert.equal(first.objectives, 23);
		assert.equal(first.principles, 10);
		assertCleanExit(await runPacte(['init', ...dbArgs(dir)]), 'second init');
		assertCleanExit(await runPacte(['migrate', ...dbArgs(dir)]), 'migrate');
		assert.deepEqual(await counts(), first);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
});

test('PACTE_DB names the database when --db is absent; --db wins', { skip: !!DATABASE_URL }, async () => {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-cli-'));
	try {
		const envDb = path.join(dir, 'env.db');
		const flagDb = path.join(dir, 'flag.db');
		assertCleanExit(await runPacte(['init'], { env: { PACTE_DB: envDb } }), 'init with PACTE_DB');
		assert.ok(existsSync(envDb), 'PACTE_DB was used');
		assertCleanExit(await runPacte(['init', '--db', flagDb], { env: { PACTE_DB: envDb } }),
			'init with both');
		assert.ok(existsSync(flagDb), '--db wins over PACTE_DB');
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
});

test('serve says where it serves, logs each request, exits 0 on SIGINT', async () => {
	const srv = await startServer();
	try {
		await srv.get('/objectives/7?lang=fr');
		await srv.get('/nope');
		// A request's line is written when its answer is done, which may come
		// after the client has read it: wait for both lines, in any order.
		const deadline = Date.now() + 5000;
		while (!(/target="\/nope"/.test(srv.stderr()) && /target="\/objectives\/7/.test(srv.stderr())) &&
			Date.now() < deadline)
			await new Promise((r) => setTimeout(r, 50));
		const lines = srv.stderr().split('\n');
		const ready = lines.find((l) => l.startsWith('pacte: serving '));
		assert.ok(ready, `a start-up line on stderr:\n${srv.stderr().slice(0, 2000)}`);
		assert.match(ready, new RegExp(`^pacte: serving http://127\\.0\\.0\\.1:${srv.port}/ \\(2 threads, database .+\\)$`));
		if (!DATABASE_URL)
			assert.ok(ready.includes(path.join(srv.dir, 'pacte.db')), 'names the database');
		else
			assert.ok(!/:[^:@/]+@/.test(ready), 'does not print a database password');

		// logfmt: key=value pairs, values with spaces quoted.
		const log = lines.filter((l) => /\/objectives\/7/.test(l) || /\/nope/.test(l));
		assert.equal(log.length, 2, `one access-log line per request:\n${log.join('\n')}`);
		for (const l of log) {
			assert.match(l, /^([a-zA-Z0-9_.]+=("([^"\\]|\\.)*"|\S*)\s*)+$/, `logfmt: ${l}`);
			assert.match(l, /\bstatus=(200|404)\b/, `has status=: ${l}`);
			assert.match(l, /\bmethod=GET\b/, `has method=: ${l}`);
		}
	} finally {
		await srv.stop({ signal: 'SIGINT' });
	}
});

test('a --db flag wins over PACTE_DATABASE_URL in the environment (flags win)', async () => {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-cli-'));
	try {
		const file = path.join(dir, 'flag.db');
		const r = await runPacte(['migrate', '--db', file], {
			env: { PACTE_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
		});
		assertCleanExit(r, 'migrate --db with PACTE_DATABASE_URL set');
		assert.ok(existsSync(file), 'the file named by --db was created');
		// Without a flag the environment decides (and this one cannot connect).
		const e = await runPacte(['migrate'], { env: { PACTE_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } });
		assert.equal(e.code, 1);
		assert.match(e.stderr, /127\.0\.0\.1:1/);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
});
