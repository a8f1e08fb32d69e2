// soak.test.mjs — `make soak`: mixed reads and writes from 64 connections
// for a bounded time, then the server's health:
//   - zero 5xx answers and zero network errors;
//   - zero lost writes: every progress update and commitment acknowledged
//     (201) is in the database, counted and compared;
//   - memory flat: the server's own memory at the end within 10% of what it
//     was after the warm-up, leaving out what is bounded by design and fills
//     as the data grows: the pages of mapped files (SQLite maps its
//     database), the page cache and what the SQLite connections keep (page
//     caches, prepared statements; their sizes from /metrics); RSS and
//     every part are printed;
//   - no file descriptor growth: /proc/PID/fd counted after the warm-up and
//     at the end, each time with every client connection closed;
//   - a clean SIGTERM exit, with no sanitizer or leak report.
// The mix (per request): 60% pages and their JSON twins the cache answers,
// 12% cache misses (searches, filtered lists, commitment pages), 20%
// progress updates through the API with bearer tokens (half by focal points
// on their state's commitments, half by an administrator on any: reports
// spread over many commitments, as in life), 2% new commitments, 1%
// sign-ins through the form, 5% refused input (404, 422).
//
// Environment: SOAK_SECONDS (default 30; the warm-up is the first third,
// at most 60 s), SOAK_CONNECTIONS (default 64), SOAK_SCALE (`pacte demo`
// commitments loaded first, default 5000: a database larger than SQLite's
// page caches), SOAK_SEED, PACTE_BIN, PACTE_TEST_DATABASE_URL. Under
// AddressSanitizer the freed-memory quarantine is capped (ASAN_OPTIONS
// quarantine_size_mb=1) so that RSS measures the server, not the
// sanitizer's bookkeeping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
	PACTE_BIN, serve, initDb, focalPoints, tokenFor, httpClient, bearer, commitmentInput, rng, sql, runPacte,
	assertCleanExit, dbArgs, missingUpdates, memory, fdCount, fdTargets, sleep, DATABASE_URL,
} from '../crash/lib.mjs';
import { addUser, csrfFrom } from '../http/lib.mjs';

const SECONDS = Number(process.env.SOAK_SECONDS || 30);
const WARMUP = Math.min(60, SECONDS / 3);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS || 64);
const SCALE = Number(process.env.SOAK_SCALE || 5000);
const SEED = Number(process.env.SOAK_SEED || (Date.now() % 2147483647));
const RSS_GROWTH = 0.10;
// AddressSanitizer's allocator keeps what is freed in its own size classes
// and its RSS creeps up whatever the program does (+3–7% in 30 s, where the
// release build stays within 0.3% over minutes): under it growth is shown,
// not judged, and LeakSanitizer's report at exit stands in for it. `make
// soak` runs the release build, where the 10% rule holds.
const MEMORY_JUDGED = !/-san$/.test(PACTE_BIN);

const backend = DATABASE_URL ? 'PostgreSQL' : 'SQLite';
const asan = `${process.env.ASAN_OPTIONS ? process.env.ASAN_OPTIONS + ':' : ''}quarantine_size_mb=1`;

const CACHED = [
	'/', '/objectives', '/objectives/7', '/countries', '/countries/MAR', '/countries/SEN',
	'/regions/002', '/actors', '/commitments', '/commitments?objective=7&status=in_progress',
	'/principles', '/feeds/commitments.atom', '/static/style.css',
	'/api/v1/', '/api/v1/objectives/7', '/api/v1/countries/MAR',
	'/api/v1/commitments?objective=7&status=in_progress',
];
const WORDS = ['maroc', 'sen', 'france', 'afr', 'ia', 'ku', 'é', 'ال', 'migr', 'x'];
const STATUSES = ['planned', 'in_progress', 'achieved', 'delayed', 'discontinued'];

// One request of the mix, chosen by `random`. Returns the answer's status
// (writes record their acknowledgement in ctx.acked).
async function oneRequest(ctx, w, i) {
	const { client, random, fps, acked, maxCommitment, signin } = ctx;
	const x = random();
	const fp = fps[(w + i) % fps.length];
	const json = { accept: 'application/json' };
	if (x < 0.60) {
		const p = CACHED[Math.floor(random() * CACHED.length)];
		return (await client.request('GET', p)).status;
	}
	if (x < 0.72) {
		const k = Math.floor(random() * 3);
		const p = k === 0 ? `/countries?q=${encodeURIComponent(WORDS[i % WORDS.length])}&n=${w}-${i}` :
			k === 1 ? `/api/v1/commitments?objective=${1 + (i % 23)}&status=${STATUSES[i % 5]}&n=${w}-${i}` :
			`/commitments/${1 + Math.floor(random() * maxCommitment)}`;
		const r = await client.request('GET', p, { headers: k === 1 ? json : {} });
		return r.status === 404 && k === 2 ? 200 : r.status;
	}
	if (x < 0.92) {
		const tag = `soak w${w} n${i} ${SEED}`;
		// Half by a focal point on its state's commitments, half by the
		// operator on any: reports spread over many commitments, as in life.
		const admin = random() < 0.5;
		const cid = admin ? 1 + Math.floor(random() * maxCommitment) :
			fp.commitments[Math.floor(random() * fp.commitments.length)];
		const r = await client.request('POST', `/api/v1/commitments/${cid}/progress`, {
			headers: bearer(admin ? ctx.adminToken : fp.token),
			json: { status: 'in_progress', percent: i % 101, narrative: tag },
		});
		if (r.status === 201)
			acked.updates.set(r.json.id, tag);
		return r.status;
	}
	if (x < 0.94) {
		const tag = `soak commitment w${w} n${i} ${SEED}`;
		const r = await client.request('POST', '/api/v1/commitments', {
			headers: bearer(fp.token), json: commitmentInput(fp.iso3, tag),
		});
		if (r.status === 201) {
			acked.commitments.set(r.json.commitment.id, tag);
			fp.commitments.push(r.json.commitment.id);
		}
		return r.status;
	}
	if (x < 0.95) {
		const r = await client.request('POST', '/account/login', {
			headers: { cookie: `pacte_csrf=${signin.csrf}` },
			form: { csrf_token: signin.csrf, email: signin.email, password: signin.password },
		});
		return r.status === 303 ? 200 : r.status;
	}
	// Refused input must stay a 4xx: a bad percent, an unknown page.
	const r = random() < 0.5 ?
		await client.request('POST', `/api/v1/commitments/${fp.commitments[0]}/progress`, {
			headers: bearer(fp.token), json: { status: 'sideways', percent: 500 },
		}) :
		await client.request('GET', `/commitments/99999999${i}`);
	return r.status === 422 || r.status === 404 ? 200 : r.status;
}

// Runs the mix on CONNECTIONS connections for `ms`, then closes them all.
async function load(srv, ctx, ms) {
	const client = httpClient(srv.base, CONNECTIONS);
	const deadline = Date.now() + ms;
	const c = { ...ctx, client };
	const worker = async (w) => {
		for (let i = 0; Date.now() < deadline; i++) {
			let status;
			try {
				status = await oneRequest(c, w, ctx.counter.next++);
			} catch (e) {
				ctx.counter.errors.push(e.message);
				if (ctx.counter.errors.length > 20)
					return;
				continue;
			}
			ctx.counter.requests++;
			ctx.counter.byStatus.set(status, (ctx.counter.byStatus.get(status) || 0) + 1);
		}
	};
	await Promise.all(Array.from({ length: CONNECTIONS }, (_, w) => worker(w)));
	client.close();
}

// Waits until the server has closed the connections the client dropped:
// the descriptor count stops falling for a second (at most 10 s).
// The memory the server's caches hold by design, from /metrics (KiB).
async function cachesKiB(srv) {
	// A connection of its own, closed after the answer: the descriptors
	// counted around this call must not include it.
	const text = await new Promise((resolve, reject) => {
		http.get(srv.base + '/metrics', { agent: false }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (d) => { body += d; });
			res.on('end', () => resolve(body));
		}).on('error', reject);
	});
	const gauge = (name) => Math.round(Number((new RegExp(`^${name} (\\d+)$`, 'm').exec(text) || [])[1]) / 1024);
	const page = gauge('pacte_page_cache_bytes') + gauge('pacte_last_pages_bytes');
	const db = gauge('pacte_database_cache_bytes');
	assert.ok(Number.isFinite(page) && Number.isFinite(db), '/metrics shows the cache gauges');
	return { page, db, total: page + db };
}

// With `atMost`, a count above it is waited on for up to 30 s more: on a
// loaded machine the server may reap a closed connection late, and a late
// close is not a leak (a leaked descriptor never goes).
async function settledFds(pid, atMost = Infinity) {
	let last = fdCount(pid), stable = 0;
	for (let i = 0; i < 100 && stable < 10; i++) {
		await sleep(100);
		const n = fdCount(pid);
		stable = n === last ? stable + 1 : 0;
		last = n;
	}
	for (let i = 0; i < 300 && last > atMost; i++) {
		await sleep(100);
		last = fdCount(pid);
	}
	return last;
}

test(`soak (${backend}): ${CONNECTIONS} connections, ${SECONDS} s of mixed reads and writes (SOAK_SEED=${SEED})`,
	{ timeout: 240000 + SECONDS * 2000 }, async (t) => {
		const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-soak-'));
		let srv;
		try {
			await initDb(dir);
			assertCleanExit(await runPacte(['demo', '--scale', String(SCALE), ...dbArgs(dir)],
				{ timeout: 300000 }), 'pacte demo');
			srv = await serve(dir, { threads: 4, env: { ASAN_OPTIONS: asan } });
			const fps = await focalPoints(srv, dir, ['MAR', 'SEN', 'FRA', 'MEX'], 3);
			// Updates go to every commitment of the focal point's state (the
			// demo's and those made during the run), as reports spread in life.
			for (const fp of fps)
				for (const [id] of sql(dir, `SELECT c.id FROM commitment c JOIN actor a ON a.id = c.owner_actor_id
					WHERE a.kind = 'state' AND a.country_iso3 = '${fp.iso3}' AND c.origin = 'synthetic'`))
					fp.commitments.push(Number(id));
			const user = await addUser({ base: srv.base + '/', dir }, { role: 'admin' });
			const adminToken = await tokenFor(srv, dir, user);
			const login = await fetch(srv.base + '/account/login');
			const csrf = csrfFrom(await login.text());
			assert.ok(csrf, 'the sign-in form has a CSRF token');
			const [[maxCommitment]] = sql(dir, 'SELECT max(id) FROM commitment');
			const ctx = {
				random: rng(SEED), fps, adminToken, maxCommitment: Number(maxCommitment),
				acked: { updates: new Map(), commitments: new Map() },
				signin: { csrf, email: user.email, password: user.password },
				counter: { next: 0, requests: 0, errors: [], byStatus: new Map() },
			};

			// The warm-up in three bursts, every connection closed after each:
			// libmicrohttpd pins a connection to a worker thread, and each
			// thread opens its database connection on first use, so the
			// bursts make sure every thread has opened its own before the
			// descriptors are counted.
			for (let b = 0; b < 3; b++)
				await load(srv, ctx, WARMUP * 1000 / 3);
			const fd0 = await settledFds(srv.pid);
			const fds0 = fdTargets(srv.pid);
			const m0 = memory(srv.pid), rss0 = m0.rss, held0 = await cachesKiB(srv);
			// RSS every tenth of the run, to tell a plateau from a slope.
			const samples = [];
			const sampler = setInterval(() => { const m = memory(srv.pid); samples.push(`${m.rss}/${m.anon}`); },
				Math.max(1000, (SECONDS - WARMUP) * 100));
			await load(srv, ctx, (SECONDS - WARMUP) * 1000);
			clearInterval(sampler);
			const fd1 = await settledFds(srv.pid, fd0);
			const fds1 = fdTargets(srv.pid);
			const m1 = memory(srv.pid), rss1 = m1.rss, held1 = await cachesKiB(srv);

			const statuses = Object.fromEntries([...ctx.counter.byStatus].sort());
			const fivexx = [...ctx.counter.byStatus].filter(([s]) => s >= 500).reduce((n, [, k]) => n + k, 0);
			t.diagnostic(`${ctx.counter.requests} requests in ${SECONDS} s ` +
				`(${Math.round(ctx.counter.requests / SECONDS)}/s), statuses ${JSON.stringify(statuses)}`);
			t.diagnostic(`writes acknowledged: ${ctx.acked.updates.size} progress updates, ` +
				`${ctx.acked.commitments.size} commitments`);
			t.diagnostic(`RSS after warm-up ${rss0} KiB, at the end ${rss1} KiB ` +
				`(${((rss1 / rss0 - 1) * 100).toFixed(1)}%); descriptors ${fd0} then ${fd1}`);
			const newFds = fds1.filter((f) => !fds0.includes(f)), goneFds = fds0.filter((f) => !fds1.includes(f));
			if (newFds.length || goneFds.length)
				t.diagnostic(`  descriptors opened ${JSON.stringify(newFds)}, closed ${JSON.stringify(goneFds)}`);
			t.diagnostic(`  RSS/anonymous during the run (KiB): ${samples.join(' ')}`);
			t.diagnostic(`  of which anonymous ${m0.anon} then ${m1.anon} KiB, mapped files ` +
				`${m0.file} then ${m1.file} KiB, shared ${m0.shmem} then ${m1.shmem} KiB`);

			assert.deepEqual(ctx.counter.errors.slice(0, 5), [], 'no network error');
			assert.equal(fivexx, 0, `no 5xx answer: ${JSON.stringify(statuses)}`);
			assert.deepEqual(Object.keys(statuses).filter((s) => s !== '200' && s !== '201' && s !== '304'), [],
				'every answer is a success or an expected refusal');
			assert.ok(ctx.acked.updates.size > 0, 'some writes were made');
			assert.deepEqual(missingUpdates(dir, ctx.acked.updates), [], 'no acknowledged update lost');
			const ids = [...ctx.acked.commitments.keys()];
			if (ids.length) {
				const [[n]] = sql(dir, `SELECT count(*) FROM commitment WHERE id IN (${ids.map(Number).join(',')})`);
				assert.equal(Number(n), ids.length, 'no acknowledged commitment lost');
			}
			const [[soaked]] = sql(dir, `SELECT count(*) FROM progress_update WHERE narrative LIKE 'soak %${SEED}'`);
			assert.equal(Number(soaked), ctx.acked.updates.size, 'as many updates stored as acknowledged');
			// The database file mapped into the process (RssFile) grows with
			// the data written and belongs to the kernel's page cache; the
			// page cache and the connections' SQLite caches fill up to their
			// budgets as the data grows (shown by /metrics), and so do the SQLite
			// connections' prepared statements (256 at most each). What must stay
			// flat is the rest: the memory nothing bounds by design.
			const own0 = m0.anon + m0.shmem, own1 = m1.anon + m1.shmem;
			t.diagnostic(`  of which caches (page cache + database page caches) ${held0.page} + ` +
				`${held0.db} then ${held1.page} + ${held1.db} KiB; the rest ${own0 - held0.total} then ` +
				`${own1 - held1.total} KiB`);
			if (!MEMORY_JUDGED)
				t.diagnostic('  memory growth not judged under AddressSanitizer: make soak runs the release build');
			assert.ok(!MEMORY_JUDGED || own1 - held1.total <= (own0 - held0.total) * (1 + RSS_GROWTH),
				`the process's own memory, caches aside, grew from ${own0 - held0.total} KiB ` +
				`to ${own1 - held1.total} KiB, more than ${RSS_GROWTH * 100}%`);
			assert.ok(fd1 <= fd0, `file descriptors grew from ${fd0} to ${fd1}: new ${JSON.stringify(newFds)}`);
			await srv.stop();
			srv = null;
		} finally {
			if (srv)
				await srv.kill('SIGKILL');
			await rm(dir, { recursive: true, force: true });
		}
	});
