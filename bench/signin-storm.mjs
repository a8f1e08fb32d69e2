// signin-storm.mjs — the peak memory of a sign-in storm, two binaries side
// by side (issue 19, item 5: Argon2id holds 64 MiB per hash).
//
//   node bench/signin-storm.mjs BIN_A BIN_B [ROUNDS]
//
// For each round and each binary: a fresh SQLite database, `pacte serve
// --threads 16`, 64 sign-ins at once for unknown accounts (each costs one
// Argon2id verification, as a wrong password does), then the server's peak
// resident memory (VmHWM) and the storm's duration. Rounds alternate the
// binaries so that both see the same machine. Prints one JSON line a run
// and the medians.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [binA, binB] = process.argv.slice(2, 4);
const ROUNDS = Number(process.argv[4] || 3);
const STORM = 64;
if (!binA || !binB) {
	console.error('usage: node bench/signin-storm.mjs BIN_A BIN_B [ROUNDS]');
	process.exit(2);
}

async function storm(bin, port) {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'pacte-storm-'));
	const db = path.join(dir, 'pacte.db');
	execFileSync(bin, ['init', '--db', db], { stdio: 'ignore' });
	const srv = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--threads', '16'],
		{ stdio: 'ignore' });
	const base = `http://127.0.0.1:${port}`;
	try {
		for (let i = 0; i < 100; i++) {
			try {
				await fetch(base + '/healthz');
				break;
			} catch {
				await new Promise((r) => setTimeout(r, 100));
			}
		}
		const form = await fetch(base + '/account/login');
		const csrf = /name="csrf_token" value="([^"]+)"/.exec(await form.text())[1];
		const hwm = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${srv.pid}/status`, 'utf8'))[1]);
		const t0 = Date.now();
		const statuses = await Promise.all(Array.from({ length: STORM }, async (_, i) => {
			const r = await fetch(base + '/account/login', {
				method: 'POST', redirect: 'manual',
				headers: { cookie: `pacte_csrf=${csrf}`, 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ csrf_token: csrf, email: `nobody${i}@example.org`, password: 'wrong' }),
			});
			await r.text();
			return r.status;
		}));
		return { bin, peak_kib: hwm(), ms: Date.now() - t0, statuses: [...new Set(statuses)] };
	} finally {
		srv.kill('SIGTERM');
		rmSync(dir, { recursive: true, force: true });
	}
}

const runs = { [binA]: [], [binB]: [] };
for (let r = 0; r < ROUNDS; r++)
	for (const bin of [binA, binB]) {
		const one = await storm(bin, 20000 + Math.floor(Math.random() * 20000));
		console.log(JSON.stringify(one));
		runs[bin].push(one);
	}
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const bin of [binA, binB])
	console.log(`${bin}: median peak ${median(runs[bin].map((x) => x.peak_kib))} KiB, ` +
		`median storm ${median(runs[bin].map((x) => x.ms))} ms`);
