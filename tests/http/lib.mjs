// lib.mjs — the HTTP and browser suites' harness: starts the real pacte
// server on a fresh database for one test file and talks to it.
//
//   import { useServer } from './lib.mjs';
//   const srv = useServer();          // before/after hooks for this file
//   test('…', async () => { const r = await srv.get('/objectives'); … });
//
// Environment:
//   PACTE_BIN                 the binary (default build/pacte-san)
//   PACTE_TEST_DATABASE_URL   a PostgreSQL URL: serve with --database-url
//                             instead of a temporary SQLite file
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import assert from 'node:assert/strict';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PACTE_BIN = path.resolve(ROOT, process.env.PACTE_BIN || 'build/pacte-san');
export const DATABASE_URL = process.env.PACTE_TEST_DATABASE_URL || '';

const STARTUP_MS = 15000;        // until /healthz answers
const STOP_MS = 15000;           // SIGTERM until exit
const CLI_MS = 120000;           // one CLI command (init loads reference data)
const REQUEST_MS = 20000;        // one HTTP request
const STDERR_KEEP = 4 << 20;     // bytes of server stderr kept (the tail)
const SANITIZER_RE = /AddressSanitizer|LeakSanitizer|runtime error:/;

const children = new Set();
process.on('exit', () => {
	// A test file that dies must not leave a server behind.
	for (const c of children)
		c.kill('SIGKILL');
});

// Collects a stream into a bounded tail, remembering whether a sanitizer
// report went by even if its text was later dropped from the tail.
class Tail {
	constructor() {
		this.text = '';
		this.sanitizer = false;
	}
	push(chunk) {
		this.text += chunk;
		if (this.text.length > 2 * STDERR_KEEP) {
			const cut = this.text.length - STDERR_KEEP;
			// Scan a little past the cut so a match across it is seen.
			if (SANITIZER_RE.test(this.text.slice(0, cut + 64)))
				this.sanitizer = true;
			this.text = this.text.slice(cut);
		}
	}
	hasSanitizerReport() {
		return this.sanitizer || SANITIZER_RE.test(this.text);
	}
	last(n = 4000) {
		return this.text.length > n ? '…' + this.text.slice(-n) : this.text;
	}
}

// Runs `pacte ARGS…` to completion. Returns {code, signal, stdout, stderr};
// rejects only when the binary cannot be started or runs past its time.
export function runPacte(args, { env = {}, timeout = CLI_MS, input } = {}) {
	return new Promise((resolve, reject) => {
		if (!existsSync(PACTE_BIN))
			return reject(new Error(`${PACTE_BIN} not found: run make build/pacte-san first`));
		const child = spawn(PACTE_BIN, args, {
			env: { ...process.env, ...env },
			stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
		});
		children.add(child);
		let stdout = '', stderr = '';
		child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
		child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
		if (input !== undefined)
			child.stdin.end(input);
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`pacte ${args.join(' ')}: still running after ${timeout} ms\n${stderr}`));
		}, timeout);
		child.on('error', (e) => { clearTimeout(timer); children.delete(child); reject(e); });
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			children.delete(child);
			resolve({ code, signal, stdout, stderr });
		});
	});
}

// Asserts a CLI result exited 0 and left no sanitizer report.
export function assertCleanExit(r, what) {
	assert.ok(!SANITIZER_RE.test(r.stderr), `${what}: sanitizer report:\n${r.stderr.slice(-4000)}`);
	assert.equal(r.code, 0, `${what}: exit ${r.code} (signal ${r.signal})\n${r.stderr.slice(-4000)}`);
}

// The database flags for init/serve/migrate: the PostgreSQL URL when the
// suite runs against PostgreSQL, else DIR/pacte.db.
export function dbArgs(dir) {
	return DATABASE_URL ? ['--database-url', DATABASE_URL] : ['--db', path.join(dir, 'pacte.db')];
}

// A port that was free a moment ago (bind port 0, read it, release it).
export function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.unref();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls GET /healthz until it answers 200, the child exits or time runs out.
// Returns null when ready, or a reason.
async function waitReady(base, child, exited) {
	const deadline = Date.now() + STARTUP_MS;
	while (Date.now() < deadline) {
		if (exited.done)
			return `exited with ${exited.code ?? exited.signal} before answering`;
		try {
			const r = await fetch(base + 'healthz', {
				headers: { accept: 'application/json' }, signal: AbortSignal.timeout(2000),
			});
			await r.arrayBuffer();
			if (r.status === 200)
				return null;
		} catch {
			// not listening yet
		}
		await sleep(100);
	}
	return `no 200 from ${base}healthz within ${STARTUP_MS} ms`;
}

// Spawns `pacte serve` on a free port and waits for /healthz. Retries on
// another port when the first one was taken meanwhile.
async function spawnServer(dir, extraArgs, env) {
	let lastErr;
	for (let attempt = 0; attempt < 5; attempt++) {
		const port = await freePort();
		const args = ['serve', ...dbArgs(dir), '--listen', `127.0.0.1:${port}`,
			'--threads', '2', ...extraArgs];
		const child = spawn(PACTE_BIN, args, {
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		children.add(child);
		const stderr = new Tail(), stdout = new Tail();
		child.stderr.setEncoding('utf8').on('data', (d) => stderr.push(d));
		child.stdout.setEncoding('utf8').on('data', (d) => stdout.push(d));
		const exited = { done: false, code: null, signal: null };
		exited.promise = new Promise((resolve) => {
			child.on('close', (code, signal) => {
				Object.assign(exited, { done: true, code, signal });
				children.delete(child);
				resolve();
			});
			child.on('error', (e) => {
				Object.assign(exited, { done: true, code: -1, error: e });
				children.delete(child);
				resolve();
			});
		});
		const base = `http://127.0.0.1:${port}/`;
		const why = await waitReady(base, child, exited);
		if (why === null)
			return { child, port, base, stderr, stdout, exited };
		if (!exited.done) {
			child.kill('SIGKILL');
			await exited.promise;
		}
		lastErr = new Error(`pacte serve: ${why}\n--- stderr:\n${stderr.last()}`);
		if (!/in use|EADDRINUSE/i.test(stderr.text))
			break;
	}
	throw lastErr;
}

// Starts a server on a fresh database (or on `dir`'s, which the caller then
// owns, with init: false to skip `pacte init`). Returns a handle:
//   {base, port, dir, stop(), stderr(), get(), getJSON(), raw(), url()}
// stop() sends SIGTERM (or {signal}) and asserts a clean exit: status 0 and
// no sanitizer report on stderr, whose tail the failure shows.
export async function startServer({ serveArgs = [], initArgs = [], env = {}, dir, init = true } = {}) {
	const ownDir = !dir;
	if (ownDir)
		dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-test-'));
	const cleanup = () => ownDir ? rm(dir, { recursive: true, force: true }) : undefined;
	let s;
	try {
		if (init)
			assertCleanExit(await runPacte(['init', ...dbArgs(dir), ...initArgs], { env }),
				'pacte init');
		s = await spawnServer(dir, serveArgs, env);
	} catch (e) {
		await cleanup();
		throw e;
	}
	let stopped = false;
	const srv = {
		base: s.base,
		port: s.port,
		dir,
		url: (p) => new URL(p, s.base).href,
		stderr: () => s.stderr.text,
		async stop({ signal = 'SIGTERM' } = {}) {
			if (stopped)
				return;
			stopped = true;
			if (!s.exited.done)
				s.child.kill(signal);
			let timer;
			const how = await Promise.race([s.exited.promise,
				new Promise((r) => { timer = setTimeout(() => r('timeout'), STOP_MS); })]);
			clearTimeout(timer);
			if (how === 'timeout') {
				s.child.kill('SIGKILL');
				await s.exited.promise;
			}
			await cleanup();
			assert.notEqual(how, 'timeout',
				`pacte serve did not exit within ${STOP_MS} ms of ${signal}\n${s.stderr.last()}`);
			assert.ok(!s.stderr.hasSanitizerReport(),
				`pacte serve: sanitizer report on stderr:\n${s.stderr.last(8000)}`);
			assert.equal(s.exited.code, 0,
				`pacte serve exited with ${s.exited.code ?? s.exited.signal} after ${signal}\n${s.stderr.last()}`);
		},
		get: (p, opts) => get(s.base, p, opts),
		getJSON: (p, opts) => getJSON(s.base, p, opts),
		raw: (p, opts) => raw(s.port, p, opts),
	};
	return srv;
}

// Registers before/after hooks that start one server for the whole test
// file and stop it at the end (the stop's assertions fail the file). The
// returned object is filled in when `before` has run.
export function useServer(opts) {
	const srv = {};
	before(async () => {
		Object.assign(srv, await startServer(opts));
	}, { timeout: STARTUP_MS + CLI_MS + 10000 });
	after(async () => {
		if (srv.stop)
			await srv.stop();
	}, { timeout: STOP_MS + 5000 });
	return srv;
}

// GET (or another method) with fetch; redirects are not followed.
// Returns {status, headers (a Headers), text}.
export async function get(base, p, { headers = {}, method = 'GET', body } = {}) {
	const r = await fetch(new URL(p, base), {
		method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_MS),
	});
	const text = await r.text();
	return { status: r.status, headers: r.headers, text };
}

// As get(), asking for JSON and parsing it. Returns {status, headers, text,
// json}; throws with the body when it is not JSON.
export async function getJSON(base, p, { headers = {}, ...rest } = {}) {
	const r = await get(base, p, { headers: { accept: 'application/json', ...headers }, ...rest });
	try {
		r.json = JSON.parse(r.text);
	} catch (e) {
		throw new Error(`GET ${p}: status ${r.status}, ${r.headers.get('content-type')}, ` +
			`body is not JSON (${e.message}): ${r.text.slice(0, 300)}`);
	}
	return r;
}

// A request through node's http module, sent exactly as given (no path
// normalisation, no decompression). Returns {status, headers (lower-case
// object), body (Buffer)}.
export function raw(port, p, { method = 'GET', headers = {}, body } = {}) {
	return new Promise((resolve, reject) => {
		const req = http.request({
			host: '127.0.0.1', port, method, path: p, headers, agent: false,
			timeout: REQUEST_MS,
		}, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolve({
				status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks),
			}));
			res.on('error', reject);
		});
		req.on('timeout', () => req.destroy(new Error(`${method} ${p}: no answer in ${REQUEST_MS} ms`)));
		req.on('error', reject);
		req.end(body);
	});
}

// Small readers of HTML, enough for assertions (not a parser).
export function htmlLang(html) {
	const m = /<html\b[^>]*\blang="?([^"\s>]+)"?/i.exec(html);
	return m ? m[1] : null;
}

function decodeEntities(s) {
	const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
	return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (all, e) => {
		if (e[0] === '#')
			return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ?
				parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
		return named[e.toLowerCase()] ?? all;
	});
}

// The text inside the first <TAG>…</TAG>, tags removed, entities decoded,
// white space collapsed; null when there is none.
export function elementText(html, tag) {
	const m = new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`, 'i').exec(html);
	if (!m)
		return null;
	return decodeEntities(m[1].replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
}

// The page's visible-ish text: tags, scripts and styles removed, entities
// decoded, white space collapsed.
export function pageText(html) {
	const body = html.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ');
	return decodeEntities(body).replace(/\s+/g, ' ').trim();
}

// The value of cookie `name` in a response's Set-Cookie headers, or null.
export function setCookie(headers, name) {
	const all = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() :
		[].concat(headers['set-cookie'] ?? []);
	for (const line of all) {
		const m = /^\s*([^=;\s]+)=([^;]*)/.exec(line);
		if (m && m[1] === name)
			return { value: m[2], line };
	}
	return null;
}

// Every page the suites visit in HTML: the contract's pages, one of each kind.
export const PAGES = [
	'/',
	'/objectives',
	'/objectives/1',
	'/objectives/13',
	'/objectives/23',
	'/principles',
	'/principles/people-centred',
	'/countries',
	'/countries?q=maroc',
	'/countries?region=002',
	'/countries/MAR',
	'/countries/CIV',
	'/regions/002',
	'/regions/015',
];
