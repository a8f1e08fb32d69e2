// 900_postgres — one instance, several processes, two backends: `pacte
// migrate` started twice at once; a whole instance moved SQLite →
// PostgreSQL → SQLite with backup/restore and nothing lost; two `pacte
// serve` nodes on one PostgreSQL database serving the same users, the same
// writes and the same fresh pages.
//
// The migration test runs on the suite's backend (tests/run runs the suite
// once per backend); the others need PostgreSQL and are skipped without
// PACTE_TEST_DATABASE_URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
	ROOT, DATABASE_URL, runPacte, assertCleanExit, dbArgs, databaseUrl, dropDatabase,
	startServer, getJSON, Client, csrfFrom, addUser, registerPartner, actorId,
} from './lib.mjs';

const NEEDS_PG = { skip: DATABASE_URL ? false : 'needs PACTE_TEST_DATABASE_URL (tests/run sets it)' };

// The migrations the binary carries: one per number in schema/.
async function migrationCount() {
	const names = await readdir(path.join(ROOT, 'schema'));
	return new Set(names.filter((n) => /^\d+_.*\.sql$/.test(n)).map((n) => n.split('_')[0])).size;
}

async function withTempDir(fn) {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-900-'));
	try {
		return await fn(dir);
	} finally {
		dropDatabase(dir);
		await rm(dir, { recursive: true, force: true });
	}
}

async function pacteOk(args, what, opts) {
	const r = await runPacte(args, opts);
	assertCleanExit(r, what ?? `pacte ${args[0]}`);
	return r;
}

// A backup file's lines, header apart (its created_at differs).
async function backupBody(file) {
	const lines = (await readFile(file, 'utf8')).split('\n');
	const header = JSON.parse(lines[0]);
	assert.equal(header.pacte_backup, 1);
	return { header, body: lines.slice(1).join('\n') };
}

// diff -r of two export folders, but for what the package says of the
// moment it was taken (its creation time and data version: a restore is a
// write of its own).
async function assertSameExport(a, b) {
	const names = (await readdir(a)).sort();
	assert.deepEqual((await readdir(b)).sort(), names);
	assert.ok(names.includes('datapackage.json') && names.includes('country.csv'), names.join(' '));
	const moment = (text) => {
		const pkg = JSON.parse(text);
		delete pkg.created;
		delete pkg.data_version;
		return pkg;
	};
	for (const n of names) {
		const [x, y] = [await readFile(path.join(a, n)), await readFile(path.join(b, n))];
		if (n === 'datapackage.json')
			assert.deepEqual(moment(x), moment(y), `${n} differs between ${a} and ${b}`);
		else
			assert.ok(x.equals(y), `${n} differs between ${a} and ${b}`);
	}
}

test('pacte migrate started twice at once: both exit 0, every migration applied once', async () => {
	const expected = await migrationCount();
	for (let round = 0; round < 3; round++) {
		await withTempDir(async (dir) => {
			const runs = await Promise.all([0, 1].map(() => runPacte(['migrate', ...dbArgs(dir)])));
			runs.forEach((r, i) => assertCleanExit(r, `migrate #${i + 1}`));
			const applied = runs.flatMap((r) => r.stderr.split('\n'))
				.filter((l) => /applied migration/.test(l));
			assert.equal(applied.length, expected,
				`each migration applied by exactly one process:\n${applied.join('\n')}`);
			assert.equal(new Set(applied.map((l) => l.replace(/^.*schema\//, ''))).size, expected);

			// The database records each once, and a third run has nothing to do.
			const again = await pacteOk(['migrate', ...dbArgs(dir)]);
			assert.doesNotMatch(again.stderr, /applied migration/);
			const file = path.join(dir, 'check.jsonl');
			await pacteOk(['backup', ...dbArgs(dir), file]);
			const { header } = await backupBody(file);
			assert.equal(header.schema.length, expected);
			assert.equal(new Set(header.schema).size, expected);
		});
	}
});

test('SQLite → PostgreSQL → SQLite with backup and restore: nothing lost', NEEDS_PG, async () => {
	await withTempDir(async (dir) => {
		const a = ['--db', path.join(dir, 'a.db')];
		const b = ['--database-url', databaseUrl(path.join(dir, 'b'))];
		const c = ['--db', path.join(dir, 'c.db')];
		const file = (n) => path.join(dir, n);

		// An instance with accounts, actors and audit entries, made by the CLI.
		await pacteOk(['init', ...a]);
		for (const [email, role, actor] of [['fp@example.org', 'focal_point', 'MAR'],
			['reviewer@example.org', 'reviewer', 'FRA'], ['gone@example.org', 'focal_point', 'SEN']])
			await pacteOk(['user', 'add', ...a, '--email', email, '--role', role, '--actor', actor,
				'--name', `Name of ${email}, "quoted"`], `user add ${email}`,
			{ input: 'a long enough password\n' });
		await pacteOk(['user', 'disable', ...a, 'gone@example.org']);

		await pacteOk(['backup', ...a, file('a.jsonl')]);
		const r = await pacteOk(['restore', ...b, file('a.jsonl')]);
		assert.match(r.stdout, /^restored .* \d+ tables, \d+ rows\n$/);
		await pacteOk(['backup', ...b, file('b.jsonl')]);
		await pacteOk(['restore', ...c, file('b.jsonl')]);
		await pacteOk(['backup', ...c, file('c.jsonl')]);

		// The backups hold the same rows, in the same order.
		const [ba, bb, bc] = await Promise.all(['a', 'b', 'c'].map((n) => backupBody(file(`${n}.jsonl`))));
		assert.ok(ba.body.includes('fp@example.org') && ba.body.includes('$argon2id'),
			'private data is in the backup');
		assert.equal(bb.body, ba.body, 'PostgreSQL backup = SQLite backup');
		assert.equal(bc.body, ba.body, 'final SQLite backup = original');
		assert.deepEqual(bc.header.schema, ba.header.schema);

		// The audit chain verifies on all three.
		for (const db of [a, b, c]) {
			const v = await pacteOk(['audit', 'verify', ...db]);
			assert.match(v.stdout, /intact/);
		}

		// The open data of the original and the final instance are identical.
		await pacteOk(['export', ...a, '--out', file('export-a')]);
		await pacteOk(['export', ...b, '--out', file('export-b')]);
		await pacteOk(['export', ...c, '--out', file('export-c')]);
		await assertSameExport(file('export-a'), file('export-c'));
		await assertSameExport(file('export-a'), file('export-b'));

		// A restore never lands on data: FILE:0: and exit 1.
		const busy = await runPacte(['restore', ...c, file('a.jsonl')]);
		assert.equal(busy.code, 1);
		assert.match(busy.stderr, /a\.jsonl:0: the target database is not empty/);
	});
});

test('two serve nodes on one PostgreSQL database serve one instance', NEEDS_PG, async () => {
	const nodeA = await startServer();
	let nodeB;
	try {
		nodeB = await startServer({ dir: nodeA.dir, init: false });

		// Signed in through A, known on B: the session lives in the database.
		const user = await addUser(nodeA, { role: 'admin' });
		const viaA = new Client(nodeA);
		const signIn = await viaA.signIn(user.email, user.password);
		assert.equal(signIn.status, 303, signIn.text.slice(0, 300));
		assert.ok(viaA.cookie('pacte_session'), 'a session cookie');
		const viaB = new Client(nodeB);
		viaB.jar = viaA.jar;
		const page = await viaB.get('/account');
		assert.equal(page.status, 200, page.text.slice(0, 300));
		assert.ok(page.text.includes(user.email), 'node B shows the signed-in user');
		const csrf = csrfFrom(page.text);
		assert.ok(csrf, 'the session CSRF token');

		// Node B's page cache follows a write made through node A: a
		// partner registered there and accredited by the admin signed in
		// there (a request is on no public list until accredited).
		const partners = async (srv) =>
			(await getJSON(srv.base, '/api/v1/actors?kind=partner')).json.actors.map((x) => x.name);
		const before = await partners(nodeB);
		assert.deepEqual(await partners(nodeB), before, 'cached');
		const first = await registerPartner(nodeA);
		const decided = await viaA.request(
			`/api/v1/admin/actors/${await actorId(nodeA, first.name, 'requested')}/decision`,
			{ method: 'POST', json: { csrf_token: csrf, decision: 'accredit' } });
		assert.equal(decided.status, 200, decided.text.slice(0, 300));
		// The writer's node sees its write at once; the other hears of the
		// commit from PostgreSQL (LISTEN/NOTIFY, db_pg_listen.c) a moment
		// later, within the bound docs/deployment.md states.
		const onA = await partners(nodeA);
		assert.ok(onA.includes(first.name), `node A sees ${first.name} at once: ${onA.join(', ')}`);
		let after = await partners(nodeB);
		for (let i = 0; i < 100 && !after.includes(first.name); i++) {
			await new Promise((r) => setTimeout(r, 100));
			after = await partners(nodeB);
		}
		assert.ok(after.includes(first.name), `node B sees ${first.name}: ${after.join(', ')}`);
		assert.equal(after.length, before.length + 1);
		const metrics = (await nodeB.raw('/metrics')).body.toString('utf8');
		assert.match(metrics, /^pacte_database_listening 1$/m, 'node B listens for commits');
		// The requests, as the admin sees them through either node.
		const requested = async (client) =>
			(await client.get('/api/v1/actors?status=requested')).json.actors.map((x) => x.name);

		// Writes through both nodes at once, each found through either.
		const labels = Array.from({ length: 16 }, (_, i) => `parallel token ${i}`);
		const tokens = labels.map((label, i) => (i % 2 ? viaA : viaB).request('/account/tokens', {
			method: 'POST', form: { csrf_token: csrf, label },
		}));
		const registering = [0, 1, 2, 3].map((i) => registerPartner(i % 2 ? nodeA : nodeB));
		const made = await Promise.all(tokens);
		made.forEach((r, i) => assert.equal(r.status, 201, `${labels[i]}: ${r.text.slice(0, 300)}`));
		const names = (await Promise.all(registering)).map((p) => p.name);
		for (const [client, srv] of [[viaA, nodeA], [viaB, nodeB]]) {
			const acct = await client.get('/account');
			for (const label of labels)
				assert.ok(acct.text.includes(label), `${label} listed on ${srv.base}`);
			const listed = await requested(client);
			for (const n of names)
				assert.ok(listed.includes(n), `${n} listed on ${srv.base}`);
		}

		// Signed out through B: the session is gone on A too.
		await viaB.signOut();
		viaA.setCookie('pacte_session', signIn.headers.getSetCookie()
			.map((l) => /^pacte_session=([^;]*)/.exec(l)).find(Boolean)[1]);
		const gone = await viaA.get('/account');
		assert.equal(gone.status, 303, 'back to the sign-in page');
	} finally {
		// B first: stopping A drops the database under both.
		if (nodeB)
			await nodeB.stop();
		await nodeA.stop();
	}
});
