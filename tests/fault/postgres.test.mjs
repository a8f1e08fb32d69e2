// postgres.test.mjs — PostgreSQL stopped abruptly under load (issue 20):
// under 4 API writers and 2 anonymous readers, the server is stopped in
// immediate mode (a crash: no checkpoint, recovery at the next start) and
// started again on the same port, FAULT_ROUNDS times, without restarting
// `pacte serve`; once with one node, once with two nodes on the same
// database. Odd rounds stop it under the writes; even rounds right after a
// quiet moment, so the readers' pages are in the cache at the last data
// version and must be served stale. Afterwards:
//   - no answer of the whole run was a 500 (nor any 5xx but 503), by the
//     clients' count and by each node's /metrics;
//   - every 503 carried Retry-After and said the database is unavailable;
//   - every acknowledged write is in the database, as written; none that
//     was refused is ("saved": null, the connection lost under COMMIT, may
//     be either);
//   - pages were served stale during the outages, and a page not held was
//     answered 503 with the error page in the reader's language (French);
//   - each node wrote again soon after the server's return (measured, and
//     printed: the time from the restart to the first acknowledged write on
//     each node; the bound asserted is generous, FAULT_RECOVERY_MS);
//   - the database checks clean and `pacte audit verify` passes.
//
// Runs only on PostgreSQL (tests/run fault-pg gives PACTE_TEST_DATABASE_URL
// and PACTE_TEST_PG_DIR, the cluster it may stop and start). The test's
// database has synchronous_commit on, so an acknowledged commit survives
// the crash (the throwaway cluster runs with it off).
//
// Environment: FAULT_ROUNDS (default 3; make faulttest: 10), FAULT_OUTAGE_MS
// (how long the server stays down, default 1500; make faulttest: 5000),
// FAULT_RECOVERY_MS (default 10000).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
	serve, initDb, focalPoints, sql, sleep, integrityProblems, auditProblems, missingUpdates,
	httpClient, DATABASE_URL,
} from '../crash/lib.mjs';
import { databaseUrl, ROOT } from '../http/lib.mjs';
import {
	startLoad, warmPages, until, probeWrite, presentNarratives, serverErrors, metric,
} from './lib.mjs';

const ROUNDS = Number(process.env.FAULT_ROUNDS || 3);
const OUTAGE_MS = Number(process.env.FAULT_OUTAGE_MS || 1500);
const RECOVERY_MS = Number(process.env.FAULT_RECOVERY_MS || 10000);
const PG_DIR = process.env.PACTE_TEST_PG_DIR || '';
const skip = !DATABASE_URL || !PG_DIR ? 'PostgreSQL only (tests/run fault-pg)' : false;

function pgTest(cmd) {
	execFileSync(path.join(ROOT, 'scripts/pg-test'), [cmd, PG_DIR], { stdio: 'pipe', timeout: 60000 });
}

// During an outage, a page the node does not hold: 503, the error page in
// the reader's language, saying the database is away without blaming them.
async function frenchErrorPage(node) {
	const c = httpClient(node.base, 1);
	const r = await c.request('GET', '/objectives/7?lang=fr', { headers: { accept: 'text/html' } });
	c.close();
	assert.equal(r.status, 503, `GET /objectives/7?lang=fr during the outage: ${r.status}`);
	assert.match(r.headers['retry-after'] || '', /^\d+$/);
	assert.match(r.text, /<html lang="fr"/);
	assert.match(r.text, /Base de données indisponible/);
	assert.match(r.text, /Vous n(&#39;|')y êtes pour rien/);
}

async function outageRun(t, nodeCount) {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-fault-'));
	const nodes = [];
	let pgDown = false;
	try {
		await initDb(dir);
		const name = new URL(databaseUrl(dir)).pathname.slice(1);
		sql(dir, `ALTER DATABASE ${name} SET synchronous_commit = on`);
		for (let i = 0; i < nodeCount; i++)
			nodes.push(await serve(dir, { threads: 4 }));
		const pids = nodes.map((n) => n.pid);
		const fps = await focalPoints(nodes[0], dir, ['MAR', 'SEN'], 2);
		const load = startLoad(nodes, fps, { tag: `fault ${nodeCount}n` });
		const recoveries = [];
		let staleBefore = 0, refusedBefore = 0;
		for (let round = 1; round <= ROUNDS; round++) {
			await sleep(300 + (round * 137) % 700);
			const quiet = round % 2 === 0;
			if (quiet) {
				await load.pause();
				await warmPages(nodes);
			}
			pgTest('crash');
			pgDown = true;
			const down = Date.now();
			load.resume();
			if (round === 1)
				await frenchErrorPage(nodes[0]);
			await sleep(OUTAGE_MS);
			pgTest('restart');
			pgDown = false;
			const back = Date.now();
			// The time from the server's return to each node's first
			// acknowledged write.
			const took = [];
			for (let i = 0; i < nodes.length; i++)
				took.push(await until(`node ${i + 1} writes again`, RECOVERY_MS, async () =>
					(await probeWrite(nodes[i], fps[0], `probe r${round} n${i} ${Date.now()}`)).status === 201));
			recoveries.push(...took);
			const stale = load.ctx.stale - staleBefore;
			staleBefore = load.ctx.stale;
			const refused = (load.ctx.statuses.get(503) || 0) - refusedBefore;
			refusedBefore = load.ctx.statuses.get(503) || 0;
			t.diagnostic(`round ${round} (${quiet ? 'after a quiet moment' : 'under writes'}): ` +
				`down ${back - down} ms, ${stale} pages served stale, ${refused} answers 503, ` +
				`first write after the return: ${took.map((ms, i) => `node ${i + 1} ${ms} ms`).join(', ')}`);
			if (quiet)
				assert.ok(stale > 0, `round ${round}: cached pages were served stale during the outage`);
		}
		await sleep(300);
		await load.stop();
		const { ctx } = load;
		t.diagnostic(`answers: ${JSON.stringify(Object.fromEntries(ctx.statuses))}; ` +
			`${ctx.acked.size} writes acknowledged, ${ctx.refused.size} refused, ` +
			`${ctx.unknown.size} unknown; ${ctx.stale} pages stale`);
		assert.deepEqual(ctx.problems.slice(0, 20), [], 'every answer was 2xx, 503 as it should be, or stale');
		assert.ok(!ctx.statuses.has(500), 'no 500 in the whole run');
		assert.ok(ctx.acked.size > 0 && ctx.refused.size > 0, 'writes were acknowledged and refused');
		for (const [i, n] of nodes.entries()) {
			const m = await serverErrors(n);
			assert.equal(m.count, 0, `node ${i + 1}: no 5xx but 503 in its /metrics`);
			assert.ok(metric(m.text, 'pacte_database_outages_total') >= ROUNDS,
				`node ${i + 1} counted its outages`);
			assert.equal(n.pid, pids[i], 'the node was never restarted');
		}
		assert.deepEqual(missingUpdates(dir, ctx.acked), [], 'every acknowledged write is there');
		assert.deepEqual(presentNarratives(dir, ctx.refused), [], 'no refused write is there');
		assert.deepEqual(integrityProblems(dir), [], 'the database checks clean');
		assert.equal(await auditProblems(dir), null, 'pacte audit verify passes');
		t.diagnostic(`first write after the return, every round and node: max ${Math.max(...recoveries)} ms, ` +
			`median ${recoveries.sort((a, b) => a - b)[recoveries.length >> 1]} ms`);
		for (const n of nodes.splice(0))
			await n.stop();
	} finally {
		if (pgDown)
			pgTest('restart');  // for the next test, and tests/run's stop
		for (const n of nodes)
			await n.kill('SIGKILL');
		await rm(dir, { recursive: true, force: true });
	}
}

test(`PostgreSQL stopped abruptly ${ROUNDS} times under load, one node`,
	{ skip, timeout: 180000 + ROUNDS * 60000 }, (t) => outageRun(t, 1));

test(`PostgreSQL stopped abruptly ${ROUNDS} times under load, two nodes on one database`,
	{ skip, timeout: 180000 + ROUNDS * 60000 }, (t) => outageRun(t, 2));
