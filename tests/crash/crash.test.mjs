// crash.test.mjs — `make crashtest`: concurrent writers through the API
// (progress updates and new commitments, with bearer tokens), the server
// killed with SIGKILL at a random moment, then restarted on the same
// database, ROUNDS times. After each kill, before the restart:
//   - every write that got a 2xx answer is in the database, as answered;
//   - every progress update and commitment has its audit entry (counted)
//     and `pacte audit verify` passes;
//   - the database checks clean (SQLite: PRAGMA integrity_check; PostgreSQL:
//     amcheck on every index and a full count);
// and after it the server starts and serves what was written.
//
// Environment: ROUNDS (default 3), CRASH_WRITERS (concurrent writers,
// default 16), CRASH_SEED (the random kill moments and choices; printed),
// CRASH_MIN_MS / CRASH_MAX_MS (the kill comes after a uniform wait between
// them, default 300 and 2500), PACTE_BIN, PACTE_TEST_DATABASE_URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
	serve, initDb, focalPoints, httpClient, bearer, commitmentInput, rng, sql,
	integrityProblems, auditProblems, missingUpdates, DATABASE_URL,
} from './lib.mjs';

const ROUNDS = Number(process.env.ROUNDS || 3);
const WRITERS = Number(process.env.CRASH_WRITERS || 16);
const SEED = Number(process.env.CRASH_SEED || (Date.now() % 2147483647));
const MIN_MS = Number(process.env.CRASH_MIN_MS || 300);
const MAX_MS = Number(process.env.CRASH_MAX_MS || 2500);
const STATES = ['MAR', 'SEN', 'FRA', 'MEX'];
const PER_STATE = 3;
// A writer stops after this many writes in a round, so a kill that comes
// late cannot make the round unbounded.
const MAX_WRITES_PER_WRITER = 5000;

const backend = DATABASE_URL ? 'PostgreSQL' : 'SQLite';

// One writer: writes until the server goes away. Each acknowledged write
// is recorded in `acked`; any other answer before the kill is a problem.
async function writer(w, ctx) {
	const { client, fps, random, round, acked, problems } = ctx;
	for (let i = 0; i < MAX_WRITES_PER_WRITER && !ctx.killed; i++) {
		const fp = fps[(w + i) % fps.length];
		const newCommitment = random() < 0.1;
		const tag = `crash r${round} w${w} n${i} ${SEED}`;
		let r;
		try {
			r = newCommitment ?
				await client.request('POST', '/api/v1/commitments', {
					headers: bearer(fp.token), json: commitmentInput(fp.iso3, tag),
				}) :
				await client.request('POST',
					`/api/v1/commitments/${fp.commitments[i % fp.commitments.length]}/progress`, {
						headers: bearer(fp.token),
						json: { status: 'in_progress', percent: i % 101, narrative: tag },
					});
		} catch (e) {
			if (!ctx.killed)
				problems.push(`writer ${w}: ${e.message} before the kill`);
			return;
		}
		if (r.status === 201 && newCommitment) {
			acked.commitments.set(r.json.commitment.id, tag);
			fp.commitments.push(r.json.commitment.id);
		} else if (r.status === 201) {
			acked.updates.set(r.json.id, tag);
		} else if (!ctx.killed) {
			problems.push(`writer ${w}: ${r.status} ${r.text.slice(0, 300)}`);
			return;
		}
	}
}

// Which acknowledged commitments are missing or carry another title.
function missingCommitments(dir, acked) {
	const ids = [...acked.keys()];
	if (ids.length === 0)
		return [];
	const found = new Map(sql(dir, `SELECT id, title FROM commitment WHERE id IN (${ids.map(Number).join(',')})`)
		.map(([id, title]) => [Number(id), title]));
	return ids.filter((id) => found.get(id) !== acked.get(id));
}

// Counts that must agree: each progress update and each commitment made
// through the API is audited in its own transaction.
function auditGaps(dir) {
	const [[updates, updateEntries, commitments, commitmentEntries]] = sql(dir,
		`SELECT (SELECT count(*) FROM progress_update),
		        (SELECT count(*) FROM audit_log WHERE action = 'progress.add'),
		        (SELECT count(*) FROM commitment),
		        (SELECT count(*) FROM audit_log WHERE action = 'commitment.create')`);
	const gaps = [];
	if (updates !== updateEntries)
		gaps.push(`${updates} progress updates but ${updateEntries} progress.add audit entries`);
	if (commitments !== commitmentEntries)
		gaps.push(`${commitments} commitments but ${commitmentEntries} commitment.create audit entries`);
	return gaps;
}

test(`crash (${backend}): ${ROUNDS} rounds of kill -9 under ${WRITERS} writers (CRASH_SEED=${SEED})`,
	{ timeout: 120000 + ROUNDS * 90000 }, async (t) => {
		const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-crash-'));
		const random = rng(SEED);
		let srv;
		try {
			await initDb(dir);
			srv = await serve(dir, { threads: 4 });
			const fps = await focalPoints(srv, dir, STATES, PER_STATE);
			const acked = { updates: new Map(), commitments: new Map() };
			let total = 0;
			for (let round = 1; round <= ROUNDS; round++) {
				const before = acked.updates.size + acked.commitments.size;
				const ctx = {
					client: httpClient(srv.base, WRITERS), fps, random, round, acked,
					problems: [], killed: false,
				};
				const writers = Array.from({ length: WRITERS }, (_, w) => writer(w, ctx));
				const wait = MIN_MS + Math.floor(random() * (MAX_MS - MIN_MS));
				await new Promise((r) => setTimeout(r, wait));
				ctx.killed = true;
				const how = await srv.kill('SIGKILL');
				await Promise.all(writers);
				ctx.client.close();
				const now = acked.updates.size + acked.commitments.size - before;
				total += now;
				t.diagnostic(`round ${round}: killed after ${wait} ms (${how.signal}), ` +
					`${now} writes acknowledged this round, ${total} in all`);
				assert.equal(how.signal, 'SIGKILL', 'the server was still running when killed');
				assert.deepEqual(ctx.problems, [], 'no failed write before the kill');
				assert.ok(now > 0, 'some writes were acknowledged before the kill');

				assert.deepEqual(integrityProblems(dir), [], 'the database checks clean');
				assert.deepEqual(missingUpdates(dir, acked.updates), [],
					'every acknowledged progress update is there, as written');
				assert.deepEqual(missingCommitments(dir, acked.commitments), [],
					'every acknowledged commitment is there, as written');
				assert.deepEqual(auditGaps(dir), [], 'every write has its audit entry');
				assert.equal(await auditProblems(dir), null, 'pacte audit verify passes');

				srv = await serve(dir, { threads: 4 });
				// The restarted server serves the latest acknowledged writes.
				const api = httpClient(srv.base, 2);
				const last = [...acked.updates.entries()].slice(-3);
				for (const [id, tag] of last) {
					const [[cid]] = sql(dir, `SELECT commitment_id FROM progress_update WHERE id = ${Number(id)}`);
					const r = await api.request('GET', `/api/v1/commitments/${cid}`, { headers: { accept: 'application/json' } });
					assert.equal(r.status, 200, `GET /api/v1/commitments/${cid} after the restart`);
					assert.ok(r.text.includes(tag), `update ${id} shows on its commitment after the restart`);
				}
				api.close();
			}
			await srv.stop();
			srv = null;
		} finally {
			if (srv)
				await srv.kill('SIGKILL');
			await rm(dir, { recursive: true, force: true });
		}
	});
