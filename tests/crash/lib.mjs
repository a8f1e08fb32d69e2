// lib.mjs — what the crash and soak tests share: a pacte server they can
// kill -9 and restart on the same database, focal points with API tokens,
// a keep-alive HTTP client with a fixed number of sockets, and direct reads
// of the database (sqlite3 or psql) to check what was acknowledged.
//
// Everything talks to 127.0.0.1 only, every wait has a deadline.
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import http from 'node:http';
import assert from 'node:assert/strict';
import {
	PACTE_BIN, DATABASE_URL, runPacte, assertCleanExit, dbArgs, databaseUrl, freePort, addUser,
	Client, csrfFrom,
} from '../http/lib.mjs';

export { PACTE_BIN, DATABASE_URL, runPacte, assertCleanExit, dbArgs, freePort };

const STARTUP_MS = 20000;
const REQUEST_MS = 20000;
const SANITIZER_RE = /AddressSanitizer|LeakSanitizer|runtime error:/;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A small seeded generator (mulberry32), so a failing run can be replayed
// with the seed it printed.
export function rng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6D2B79F5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

// An HTTP client over one keep-alive agent of at most `sockets`
// connections. request() resolves to {status, headers, text, json?} and
// rejects on a network error or after REQUEST_MS.
export function httpClient(base, sockets) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
	const url = new URL(base);
	function request(method, path, { headers = {}, json, form } = {}) {
		let body;
		const h = { ...headers };
		if (json !== undefined) {
			body = JSON.stringify(json);
			h['content-type'] = 'application/json';
		} else if (form !== undefined) {
			body = new URLSearchParams(form).toString();
			h['content-type'] = 'application/x-www-form-urlencoded';
		}
		if (body !== undefined)
			h['content-length'] = Buffer.byteLength(body);
		return new Promise((resolve, reject) => {
			const req = http.request({
				host: url.hostname, port: url.port, method, path, headers: h, agent,
				timeout: REQUEST_MS,
			}, (res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					const r = { status: res.statusCode, headers: res.headers, text };
					if (/json/.test(res.headers['content-type'] || '')) {
						try {
							r.json = JSON.parse(text);
						} catch {
							// left undefined: the caller sees text
						}
					}
					resolve(r);
				});
				res.on('error', reject);
			});
			req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in ${REQUEST_MS} ms`)));
			req.on('error', reject);
			req.end(body);
		});
	}
	return { request, agent, close: () => agent.destroy() };
}

// Starts `pacte serve` on the database of `dir` (already initialised) and
// waits for /healthz. Returns {child, pid, port, base, exited, stderr(),
// kill(signal), stop()}: stop() is SIGTERM and expects status 0 and no
// sanitizer report; kill('SIGKILL') just waits for the process to go.
export async function serve(dir, { threads = 2, env = {}, args = [] } = {}) {
	let lastErr;
	for (let attempt = 0; attempt < 5; attempt++) {
		const port = await freePort();
		const child = spawn(PACTE_BIN, ['serve', ...dbArgs(dir), '--listen', `127.0.0.1:${port}`,
			'--threads', String(threads), ...args], {
			env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'],
		});
		let err = '';
		child.stderr.setEncoding('utf8').on('data', (d) => {
			err += d;
			if (err.length > 1 << 20)
				err = err.slice(-(1 << 19));
		});
		const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
		let gone = null;
		exited.then((x) => { gone = x; });
		const base = `http://127.0.0.1:${port}`;
		const deadline = Date.now() + STARTUP_MS;
		let ready = false;
		while (!ready && !gone && Date.now() < deadline) {
			try {
				const r = await fetch(base + '/healthz', { signal: AbortSignal.timeout(2000) });
				await r.arrayBuffer();
				ready = r.status === 200;
			} catch {
				// not listening yet
			}
			if (!ready)
				await sleep(50);
		}
		if (ready) {
			return {
				child, pid: child.pid, port, base, exited,
				stderr: () => err,
				async kill(signal) {
					if (!gone)
						child.kill(signal);
					return exited;
				},
				async stop() {
					if (!gone)
						child.kill('SIGTERM');
					const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
					const x = await exited;
					clearTimeout(timer);
					assert.ok(!SANITIZER_RE.test(err), `pacte serve: sanitizer report:\n${err.slice(-6000)}`);
					assert.equal(x.code, 0, `pacte serve exited with ${x.code ?? x.signal}\n${err.slice(-3000)}`);
				},
			};
		}
		if (!gone)
			child.kill('SIGKILL');
		await exited;
		lastErr = new Error(`pacte serve did not answer /healthz: ${gone ? 'exited ' + (gone.code ?? gone.signal) : 'timeout'}\n${err.slice(-3000)}`);
		if (!/in use|EADDRINUSE/i.test(err))
			break;
	}
	throw lastErr;
}

// `pacte init` on dir's database (a temporary SQLite file, or a fresh
// PostgreSQL database when PACTE_TEST_DATABASE_URL is set).
export async function initDb(dir) {
	assertCleanExit(await runPacte(['init', ...dbArgs(dir)]), 'pacte init');
}

// A personal API token for `user` ({email, password}, from addUser), made
// as a person would: sign in through the form, then POST the account's
// token form through the API. Of scope write: the harness writes with it.
export async function tokenFor(srv, dir, user) {
	const client = new Client({ base: srv.base + '/', dir });
	const s = await client.signIn(user.email, user.password);
	assert.equal(s.status, 303, `sign-in of ${user.email}: ${s.status}`);
	const csrf = csrfFrom((await client.get('/account')).text);
	const t = await client.request('/api/v1/account/tokens', {
		method: 'POST', json: { csrf_token: csrf, label: 'harness', scope: 'write' },
	});
	assert.equal(t.status, 201, t.text);
	return t.json.token;
}

// Focal points of the given states, each with a personal API token and
// `perState` commitments of its own made through the API. Returns
// [{iso3, token, commitments: [id…]}].
export async function focalPoints(srv, dir, states, perState) {
	const out = [];
	for (const iso3 of states) {
		const user = await addUser({ base: srv.base + '/', dir }, { role: 'focal_point', actor: iso3 });
		const fp = { iso3, token: await tokenFor(srv, dir, user), commitments: [] };
		const api = httpClient(srv.base, 1);
		for (let i = 0; i < perState; i++) {
			const r = await api.request('POST', '/api/v1/commitments', {
				headers: bearer(fp.token), json: commitmentInput(iso3, `harness ${iso3} ${i}`),
			});
			assert.equal(r.status, 201, r.text);
			fp.commitments.push(r.json.commitment.id);
		}
		api.close();
		out.push(fp);
	}
	return out;
}

export const bearer = (token) => ({ authorization: `Bearer ${token}`, accept: 'application/json' });

export function commitmentInput(iso3, title) {
	return {
		title, lang: 'en', objectives: [7], level: 'national', countries: [iso3],
		start_date: '2024-01-01', target_date: '2030-12-31', status: 'planned',
		kind: 'individual', form: 'policy', description: 'Written by the load harness.',
	};
}

// ---- Reading the database directly ---------------------------------------------

// Runs one SQL statement on dir's database; returns its rows as arrays of
// strings (tab-separated output, no header).
export function sql(dir, statement) {
	const out = DATABASE_URL ?
		execFileSync('psql', ['-X', '-q', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1',
			'-d', databaseUrl(dir), '-c', statement], { encoding: 'utf8', timeout: 120000 }) :
		execFileSync('sqlite3', ['-batch', '-separator', '\t', `${dir}/pacte.db`, statement],
			{ encoding: 'utf8', timeout: 120000 });
	return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

// The database's own consistency check: SQLite's integrity_check; on
// PostgreSQL, amcheck over every B-tree index of the schema (with heap
// checks) and a full count of the tables written. Returns a list of
// problems (empty when clean).
export function integrityProblems(dir) {
	if (!DATABASE_URL) {
		const rows = sql(dir, 'PRAGMA integrity_check');
		return rows.length === 1 && rows[0][0] === 'ok' ? [] : rows.map((r) => r.join(' '));
	}
	const problems = [];
	try {
		sql(dir, 'CREATE EXTENSION IF NOT EXISTS amcheck');
		// bt_index_check raises an error on the first corrupt index.
		sql(dir, `SELECT count(bt_index_check(i.indexrelid, true)) FROM pg_index i
			JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
			JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE am.amname = 'btree' AND n.nspname = current_schema() AND c.relpersistence <> 't'`);
		sql(dir, 'SELECT count(*) FROM progress_update UNION ALL SELECT count(*) FROM commitment ' +
			'UNION ALL SELECT count(*) FROM audit_log');
	} catch (e) {
		problems.push(String(e.stderr || e.message).trim());
	}
	return problems;
}

// `pacte audit verify` on dir's database: resolves to null when the chain
// verifies, or to its output.
export async function auditProblems(dir) {
	const r = await runPacte(['audit', 'verify', ...dbArgs(dir)]);
	return r.code === 0 && !SANITIZER_RE.test(r.stderr) ? null : `exit ${r.code}: ${r.stdout}${r.stderr}`;
}

// Which of `ids` (progress update ids) are missing, or hold another
// narrative than the one acknowledged. acked: Map id → narrative.
export function missingUpdates(dir, acked) {
	const want = [...acked.keys()];
	const found = new Map();
	for (let i = 0; i < want.length; i += 500) {
		const chunk = want.slice(i, i + 500);
		for (const [id, narrative] of sql(dir,
			`SELECT id, narrative FROM progress_update WHERE id IN (${chunk.map(Number).join(',')})`))
			found.set(Number(id), narrative);
	}
	return want.filter((id) => found.get(id) !== acked.get(id));
}

// ---- The server process, from /proc ------------------------------------------------

// The process's resident memory in KiB: {rss, anon, file, shmem} (file:
// pages of mapped files, such as SQLite's memory-mapped database; shmem:
// its WAL index).
export function memory(pid) {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kib = (name) => Number((new RegExp(`${name}:\\s+(\\d+) kB`).exec(status) || [])[1]);
	return { rss: kib('VmRSS'), anon: kib('RssAnon'), file: kib('RssFile'), shmem: kib('RssShmem') };
}

export function rssKiB(pid) {
	return memory(pid).rss;
}

export function fdCount(pid) {
	return readdirSync(`/proc/${pid}/fd`).length;
}

// What each open descriptor points at ("socket:[123]", a file's path …).
export function fdTargets(pid) {
	const out = [];
	for (const fd of readdirSync(`/proc/${pid}/fd`)) {
		try {
			out.push(`${fd} → ${readlinkSync(`/proc/${pid}/fd/${fd}`)}`);
		} catch {
			// closed meanwhile
		}
	}
	return out;
}
