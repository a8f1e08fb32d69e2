// sqlite.test.mjs — SQLite's own failures under a running server (issue
// 20): the database full, and the write lock held by another process past
// the busy timeout. Each must answer writes 503 with Retry-After (a
// problem saying the database is unavailable and nothing was saved, never
// a 500), keep answering reads, take writes again once the cause is gone —
// without restarting `pacte serve` — and leave the file clean
// (PRAGMA integrity_check) with no refused write in it.
//
// A full disk is had without a file system of its own: the server runs with
// PACTE_SQLITE_MAX_PAGES just above the file's size (SQLite's
// max_page_count), and the file carries a ballast table the test drops to
// make room again (the pages go to the free list, which SQLite reuses
// without growing the file). The lock is an sqlite3 process inside BEGIN
// IMMEDIATE; the server's busy timeout is shortened to 300 ms
// (PACTE_SQLITE_BUSY_MS) so that waiting it out takes seconds.
//
// A read-only database file is not tried here: the tests run as root, whom
// file modes do not stop (the failure's kind is checked by
// tests/unit/test_db_pool.c, with PRAGMA query_only).
//
// Runs only on SQLite (tests/run fault-sqlite).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { serve, initDb, focalPoints, sql, integrityProblems, DATABASE_URL } from '../crash/lib.mjs';
import { httpClient } from '../crash/lib.mjs';
import { probeWrite, presentNarratives, serverErrors, until } from './lib.mjs';

const skip = DATABASE_URL ? 'SQLite only (tests/run fault-sqlite)' : false;
const BUSY_MS = 300;

// A server on a database with focal points ready; returns {dir, fps}.
async function prepared(prefix) {
	const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
	await initDb(dir);
	const srv = await serve(dir, { threads: 2 });
	const fps = await focalPoints(srv, dir, ['MAR'], 1);
	await srv.stop();
	return { dir, fps };
}

// A 503 as a refused write must be.
function assertRefused(r, what) {
	assert.equal(r.status, 503, `${what}: ${r.status} ${r.text.slice(0, 300)}`);
	assert.match(r.headers['retry-after'] || '', /^\d+$/, `${what}: Retry-After`);
	assert.equal(r.json?.reason, 'database_unavailable', `${what}: the problem says so`);
	assert.equal(r.json?.saved, false, `${what}: nothing was saved`);
}

async function read(srv, page) {
	const c = httpClient(srv.base, 1);
	try {
		return await c.request('GET', page, { headers: { accept: 'text/html' } });
	} finally {
		c.close();
	}
}

test('SQLite full: writes 503 with Retry-After, reads work, writes resume once there is room',
	{ skip, timeout: 300000 }, async () => {
		const { dir, fps } = await prepared('pacte-fault-full-');
		let srv;
		try {
			// No free page left from before: every page a write needs is a new one.
			sql(dir, 'VACUUM; CREATE TABLE fault_ballast (b BLOB); INSERT INTO fault_ballast VALUES (zeroblob(2000000))');
			const [[pages]] = sql(dir, 'PRAGMA page_count');
			srv = await serve(dir, { threads: 2, env: { PACTE_SQLITE_MAX_PAGES: String(Number(pages) + 4) } });
			const refused = [];
			let r;
			for (let i = 0; i < 400; i++) {
				r = await probeWrite(srv, fps[0], `full ${i}`);
				if (r.status !== 201) {
					refused.push(`full ${i}`);
					break;
				}
			}
			assertRefused(r, 'a write to the full database');
			r = await probeWrite(srv, fps[0], 'full again', { 'accept-language': 'fr' });
			assertRefused(r, 'the next write');
			assert.match(r.json.detail, /^Rien n'a été enregistré/, 'said in the reader\'s language');
			refused.push('full again');
			assert.equal((await read(srv, '/commitments')).status, 200, 'reads go on');
			assert.equal((await read(srv, '/api/v1/commitments?lang=fr')).status, 200,
				'a page not in the cache is read from the database');

			sql(dir, 'DROP TABLE fault_ballast');
			const r2 = await probeWrite(srv, fps[0], 'room again');
			assert.equal(r2.status, 201, `a write once there is room: ${r2.text.slice(0, 300)}`);

			assert.equal((await serverErrors(srv)).count, 0, 'no 5xx but 503');
			assert.match(srv.stderr(), /database unavailable \(full\)/, 'the outage is logged');
			await srv.stop();
			srv = null;
			assert.deepEqual(integrityProblems(dir), [], 'integrity_check is clean');
			assert.deepEqual(presentNarratives(dir, refused), [], 'no refused write is there');
		} finally {
			if (srv)
				await srv.kill('SIGKILL');
			await rm(dir, { recursive: true, force: true });
		}
	});

test('SQLite locked past the busy timeout: writes 503, reads work, writes resume once it is released',
	{ skip, timeout: 300000 }, async () => {
		const { dir, fps } = await prepared('pacte-fault-lock-');
		let srv, holder;
		try {
			srv = await serve(dir, { threads: 2, env: { PACTE_SQLITE_BUSY_MS: String(BUSY_MS) } });
			assert.equal((await read(srv, '/commitments')).status, 200);
			// Another process takes the write lock and keeps it. It waits for
			// the lock (.timeout: the server's own background writes, the
			// daily chores at start, may hold it a moment) and stops rather
			// than go on without it (.bail), so 'locked' means it holds it.
			holder = spawn('sqlite3', [path.join(dir, 'pacte.db')], { stdio: ['pipe', 'pipe', 'inherit'] });
			let out = '';
			holder.stdout.setEncoding('utf8').on('data', (d) => { out += d; });
			holder.stdin.write(".bail on\n.timeout 20000\nBEGIN IMMEDIATE;\nSELECT 'locked';\n");
			await until('the lock is taken', 20000, () => out.includes('locked'));

			const r = await probeWrite(srv, fps[0], 'while locked');
			assertRefused(r, 'a write while another process holds the lock');
			assert.equal((await read(srv, '/commitments')).status, 200, 'reads go on');
			assert.equal((await read(srv, '/api/v1/actors?lang=fr')).status, 200,
				'a page not in the cache is read from the database');

			holder.stdin.end('COMMIT;\n');
			await new Promise((resolve) => holder.on('close', resolve));
			holder = null;
			const r2 = await probeWrite(srv, fps[0], 'released');
			assert.equal(r2.status, 201, `a write once the lock is released: ${r2.text.slice(0, 300)}`);

			assert.equal((await serverErrors(srv)).count, 0, 'no 5xx but 503');
			await srv.stop();
			srv = null;
			assert.deepEqual(integrityProblems(dir), [], 'integrity_check is clean');
			assert.deepEqual(presentNarratives(dir, ['while locked']), [], 'the refused write is not there');
		} finally {
			if (holder)
				holder.kill('SIGKILL');
			if (srv)
				await srv.kill('SIGKILL');
			await rm(dir, { recursive: true, force: true });
		}
	});
