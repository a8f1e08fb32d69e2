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
//   PACTE_TEST_TEMPLATE_DIR   a folder for the run's template database (tests/run
//                             sets it; without it every server runs `pacte init`)
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync, statSync, copyFileSync, renameSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import Ajv2020 from 'ajv/dist/2020.js';

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

// On PostgreSQL each folder gets a database of its own, created on first
// use on the server of PACTE_TEST_DATABASE_URL (tests assume a fresh
// database, as a new SQLite file is), dropped when its server stops or when
// this process exits.
const pgDatabases = new Map();  // folder → database name

function psql(sql) {
	execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', DATABASE_URL, '-c', sql],
		{ stdio: ['ignore', 'ignore', 'pipe'], timeout: CLI_MS });
}

// The URL of dir's PostgreSQL database, created when new.
export function databaseUrl(dir) {
	let name = pgDatabases.get(dir);
	if (!name) {
		name = `pacte_t_${process.pid}_${randomBytes(6).toString('hex')}`;
		psql(`CREATE DATABASE ${name}`);
		pgDatabases.set(dir, name);
	}
	const u = new URL(DATABASE_URL);
	u.pathname = '/' + name;
	return u.href;
}

// Drops dir's PostgreSQL database, if it has one (connections and all).
export function dropDatabase(dir) {
	const name = pgDatabases.get(dir);
	if (!name)
		return;
	pgDatabases.delete(dir);
	try {
		psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
	} catch {
		// the throwaway cluster goes anyway
	}
}
process.on('exit', () => {
	for (const dir of [...pgDatabases.keys()])
		dropDatabase(dir);
});

// ---- A template database ---------------------------------------------------
// `pacte init` (the migrations, the reference data, the first admin's
// Argon2id hash) takes one to five seconds under the sanitizers, more on
// PostgreSQL, and most servers of the suites start from exactly what it
// makes. So the first of a run keeps a copy of its database as a template,
// and every later server with the default init starts from a copy of it: a
// file copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL. Its name
// carries the binary's size and time, so a rebuilt binary makes a new one.
// Servers with their own init arguments or environment run init as ever.
const TEMPLATE_DIR = process.env.PACTE_TEST_TEMPLATE_DIR || '';

function templateKey() {
	const st = statSync(PACTE_BIN);
	return `${st.size.toString(16)}_${Math.floor(st.mtimeMs).toString(16)}`;
}

function sqliteTemplate() {
	return path.join(TEMPLATE_DIR, `pacte-${templateKey()}.db`);
}

function pgTemplate() {
	return `pacte_tmpl_${templateKey()}`;
}

// dir's database as a copy of the template; false when there is none yet.
function copyTemplate(dir) {
	if (!DATABASE_URL) {
		const t = sqliteTemplate();
		if (!existsSync(t))
			return false;
		copyFileSync(t, path.join(dir, 'pacte.db'));
		return true;
	}
	const t = pgTemplate();
	const known = execFileSync('psql', ['-X', '-qtA', '-d', DATABASE_URL, '-c',
		`SELECT count(*) FROM pg_database WHERE datname = '${t}'`], { timeout: CLI_MS });
	if (String(known).trim() !== '1')
		return false;
	const name = `pacte_t_${process.pid}_${randomBytes(6).toString('hex')}`;
	psql(`CREATE DATABASE ${name} TEMPLATE ${t}`);
	pgDatabases.set(dir, name);
	return true;
}

// Keeps dir's database, just made by init, as the template (a concurrent
// file's copy may win the race: either will do).
function keepTemplate(dir) {
	if (!DATABASE_URL) {
		const db = path.join(dir, 'pacte.db');
		if (existsSync(db + '-wal'))
			return;   // not checkpointed: the file alone is not the database
		const part = `${sqliteTemplate()}.${process.pid}`;
		copyFileSync(db, part);
		renameSync(part, sqliteTemplate());
		return;
	}
	try {
		psql(`CREATE DATABASE ${pgTemplate()} TEMPLATE ${pgDatabases.get(dir)}`);
	} catch {
		// made meanwhile by another file, or the source busy: init as ever next time
	}
}

// Fills dir's fresh database as `pacte init` would.
async function initDatabase(dir, initArgs, env) {
	const plain = TEMPLATE_DIR && initArgs.length === 0 && Object.keys(env).length === 0;
	if (plain && copyTemplate(dir))
		return;
	assertCleanExit(await runPacte(['init', ...dbArgs(dir), ...initArgs], { env }), 'pacte init');
	if (plain)
		keepTemplate(dir);
}

// The database flags for init/serve/migrate: dir's own PostgreSQL database
// when the suite runs against PostgreSQL, else DIR/pacte.db.
export function dbArgs(dir) {
	return DATABASE_URL ? ['--database-url', databaseUrl(dir)] : ['--db', path.join(dir, 'pacte.db')];
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
		// The open data (/data) is published into the test's own folder,
		// on PostgreSQL too.
		const child = spawn(PACTE_BIN, args, {
			env: { PACTE_DATA_DIR: path.join(dir, 'open-data'), ...process.env, ...env },
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
	const cleanup = () => ownDir ? (dropDatabase(dir), rm(dir, { recursive: true, force: true })) : undefined;
	let s;
	try {
		if (init)
			await initDatabase(dir, initArgs, env);
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

// ---- every JSON answer of /api/v1 checked against the API's description ----
//
// The server describes its API at /api/v1/openapi.json (built from its
// route table). Every JSON answer a test receives from /api/v1 through
// get() (so Client, getJSON, apiAs too) must match the schema the
// description gives for that method, path and status, or the test fails:
// the description cannot drift from what the server does.

const apiDocs = new Map();   // base URL → {doc, ajv, paths: [{re, template, params}]}

async function apiDescription(base) {
	if (apiDocs.has(base))
		return apiDocs.get(base);
	let r;
	try {
		r = await fetch(new URL('/api/v1/openapi.json', base), { signal: AbortSignal.timeout(REQUEST_MS) });
	} catch {
		return null;   // the server is going away: nothing to check against
	}
	if (r.status !== 200)
		return null;   // e.g. 503 while a test holds the database away
	const doc = await r.json();
	const ajv = new Ajv2020({ strict: false, allErrors: true });
	ajv.addSchema({ $id: 'pacte:openapi', components: doc.components });
	const paths = Object.keys(doc.paths).map((template) => ({
		template,
		params: (template.match(/\{/g) || []).length,
		re: new RegExp('^' + template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+') + '$'),
	})).sort((a, b) => a.params - b.params);
	const d = { doc, ajv, paths };
	apiDocs.set(base, d);
	return d;
}

function schemaFor(d, method, apiPath, status, contentType) {
	const problem = { $ref: 'pacte:openapi#/components/schemas/Problem' };
	if (/problem\+json/.test(contentType))
		return problem;
	const found = d.paths.find((x) => x.re.test(apiPath));
	const op = found && d.doc.paths[found.template][method.toLowerCase()];
	if (!op)
		return status >= 400 ? problem : { not: {}, description: `no operation ${method} ${apiPath}` };
	const resp = op.responses[String(status)];
	if (!resp)
		return status >= 400 ? problem : { not: {}, description: `${method} ${found.template} describes no ${status} answer` };
	const schema = resp.content?.['application/json']?.schema;
	if (!schema)
		return { not: {}, description: `${method} ${found.template} ${status} has no JSON schema` };
	return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"pacte:openapi#/components/'));
}

// Checks one answer (its body parsed) against the description the server
// at base gives; throws when it does not match. Exported for the test of
// the check itself (735_openapi).
export async function validateApiAnswer(base, method, target, status, contentType, body) {
	const d = await apiDescription(base);
	if (!d)
		return;
	const apiPath = new URL(target, base).pathname.replace(/^\/api\/v1(?=\/|$)/, '') || '/';
	const schema = schemaFor(d, method, apiPath, status, contentType);
	const check = d.ajv.compile(schema);
	if (!check(body))
		throw new Error(`${method} ${target} → ${status}: the answer does not match the API's description ` +
			`(${schema.description ?? JSON.stringify(schema).slice(0, 120)}): ${d.ajv.errorsText(check.errors)}\n` +
			JSON.stringify(body).slice(0, 600));
}

// GET (or another method) with fetch; redirects are not followed.
// Returns {status, headers (a Headers), text}. A JSON answer from /api/v1
// is checked against the API's description (above).
export async function get(base, p, { headers = {}, method = 'GET', body } = {}) {
	const url = new URL(p, base);
	const r = await fetch(url, {
		method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_MS),
	});
	const text = await r.text();
	const type = r.headers.get('content-type') || '';
	if (/^\/api\/v1(\/|$)/.test(url.pathname) && /json/.test(type) && text && method !== 'HEAD') {
		let parsed;
		try {
			parsed = JSON.parse(text);
		} catch {
			parsed = undefined;   // the test that asked says what it expected
		}
		if (parsed !== undefined)
			await validateApiAnswer(base, method, p, r.status, type, parsed);
	}
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
	'/dashboard',
	'/indicators',
	'/indicators/SDG_10_C_1',
	'/indicators/SDG_10_C_1/MAR',
	'/actors',
	'/actors?kind=state&q=maroc',
	'/api',
];

// ---- accounts: a browser-like client with a cookie jar, and the CLI's accounts ----

// The value of the first hidden csrf_token field in a page, or null.
export function csrfFrom(html) {
	const m = /name="csrf_token" value="([^"]*)"/.exec(html);
	return m ? m[1] : null;
}

// A form body (application/x-www-form-urlencoded) from an object, or from
// an array of [name, value] pairs for repeated or raw names. Values that
// are already percent-encoded can be passed as {raw: 'a%FFb'}.
export function formBody(fields) {
	const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
	return pairs.map(([k, v]) => encodeURIComponent(k) + '=' +
		(v && typeof v === 'object' && 'raw' in v ? v.raw : encodeURIComponent(v ?? ''))).join('&');
}

// One visitor: keeps the cookies the server sets (as a browser would for
// this one site) and sends them back.
export class Client {
	constructor(srv) {
		this.srv = srv;
		this.jar = new Map();
	}

	cookie(name) {
		return this.jar.get(name) ?? null;
	}

	setCookie(name, value) {
		if (value === null)
			this.jar.delete(name);
		else
			this.jar.set(name, value);
	}

	// Any request; opts as get() in this file plus `form` (an object for
	// formBody) or `json` (sent as application/json). Returns {status,
	// headers, text, json?}.
	async request(p, { method = 'GET', headers = {}, form, json, body } = {}) {
		const h = { ...headers };
		if (this.jar.size)
			h.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
		if (form !== undefined) {
			body = typeof form === 'string' ? form : formBody(form);
			h['content-type'] = 'application/x-www-form-urlencoded';
		} else if (json !== undefined) {
			body = JSON.stringify(json);
			h['content-type'] = 'application/json';
		}
		const r = await get(this.srv.base, p, { method, headers: h, body });
		for (const line of r.headers.getSetCookie()) {
			const m = /^\s*([^=;\s]+)=([^;]*)/.exec(line);
			if (!m)
				continue;
			const gone = /;\s*max-age=0\b/i.test(line);
			this.setCookie(m[1], gone ? null : m[2]);
		}
		// JSON and its +json kinds, not JSON Lines (application/jsonl).
		if (/\bjson\b/.test(r.headers.get('content-type') || ''))
			r.json = JSON.parse(r.text);
		return r;
	}

	get(p, opts = {}) {
		return this.request(p, opts);
	}

	// GET page p and POST `fields` (with the page's CSRF token) to action.
	async submit(page, action, fields, opts = {}) {
		const g = await this.get(page);
		const token = csrfFrom(g.text);
		assert.ok(token, `${page} has a CSRF token`);
		return this.request(action, { method: 'POST', form: { csrf_token: token, ...fields }, ...opts });
	}

	// Signs in through the form; returns the POST's answer.
	signIn(email, password, next) {
		return this.submit('/account/login', '/account/login',
			next === undefined ? { email, password } : { email, password, next });
	}

	async signOut() {
		return this.submit('/account', '/account/logout', {});
	}
}

// A personal API token for a signed-in client, made through the API; it
// may write unless scope is 'read'.
export async function tokenOf(client, label = 'test token', scope = 'write') {
	const csrf = csrfFrom((await client.get('/account')).text);
	const r = await client.request('/api/v1/account/tokens', {
		method: 'POST', json: { csrf_token: csrf, label, scope },
	});
	assert.equal(r.status, 201, r.text);
	return r.json.token;
}

// A caller of the API with a bearer token: api(method, path under /api/v1,
// json) resolves to the answer, as Client.request.
export function apiAs(srv, token) {
	const c = new Client(srv);
	return (method, p, json) => c.request('/api/v1' + p, {
		method, json, headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
	});
}

// The id of the actor named `name` (a partner, any status), via the API;
// a request still waiting ('requested'), which no public list shows (issue
// 11, finding 3), from the console's queue (`pacte actor pending`).
export async function actorId(srv, name, status = '') {
	if (status === 'requested') {
		const r = await runPacte(['actor', 'pending', ...dbArgs(srv.dir)]);
		assertCleanExit(r, 'pacte actor pending');
		const row = r.stdout.split('\n').map((l) => l.split('\t')).find((f) => f[2] === name);
		assert.ok(row, `request ${name} is pending:\n${r.stdout}`);
		return Number(row[0]);
	}
	const r = await getJSON(srv.base, `/api/v1/actors?q=${encodeURIComponent(name)}` +
		(status ? `&status=${status}` : ''));
	const a = r.json.actors.find((x) => x.name === name);
	assert.ok(a, `actor ${name} exists`);
	return a.id;
}

// The id of the operators' own actor (made by init, with the first admin
// in it). It is no partner and on no public list, so the console says:
// the actor of the first admin `pacte user list` shows. Kept on srv.
export async function operatorsActorId(srv) {
	if (srv.operatorsActorId)
		return srv.operatorsActorId;
	const r = await runPacte(['user', 'list', '--json', ...dbArgs(srv.dir)]);
	assertCleanExit(r, 'pacte user list --json');
	const admin = JSON.parse(r.stdout).find((u) => u.role === 'admin');
	assert.ok(admin, 'pacte init made an admin');
	srv.operatorsActorId = admin.actor.id;
	return srv.operatorsActorId;
}

// Adds an account with `pacte user add` against the server's database (the
// server keeps running). actor: an id, a state's ISO3 code, or 'operators'
// (the default: the instance operators' actor, made by init). Returns {id,
// email, password}.
let userSeq = 0;
export async function addUser(srv, { role, actor, email, name, password } = {}) {
	userSeq++;
	email ??= `${role}${userSeq}-${process.pid}@example.org`;
	name ??= `${role} ${userSeq}`;
	password ??= `pass-${role}-${userSeq}-long enough`;
	actor ??= 'operators';
	const r = await runPacte(['user', 'add', ...dbArgs(srv.dir), '--email', email, '--role', role,
		'--actor', String(actor), '--name', name], { input: password + '\n' });
	assertCleanExit(r, `pacte user add ${email}`);
	const m = /user (\d+) added/.exec(r.stdout);
	assert.ok(m, `pacte user add says which id: ${r.stdout}`);
	return { id: Number(m[1]), email, password, name };
}

// Fails n sign-ins of `email` through `client`, each with a wrong
// password, waiting as the server says when it answers 429 with
// Retry-After (past a few failures the next must come a moment after the
// last). opts: as Client.request (headers). Returns the statuses seen.
export async function failSignIns(client, email, n, opts = {}) {
	const seen = [];
	for (let i = 0; i < n; i++) {
		for (;;) {
			const r = await client.submit('/account/login', '/account/login',
				{ email, password: `wrong password ${i}` }, opts);
			seen.push(r.status);
			if (r.status !== 429) {
				assert.equal(r.status, 401, r.text.slice(0, 300));
				break;
			}
			const wait = Number(r.headers.get('retry-after'));
			assert.ok(wait >= 1 && wait <= 2, `a short wait, not a refusal: Retry-After ${wait}`);
			await new Promise((done) => setTimeout(done, wait * 1000));
		}
	}
	return seen;
}

// A new client signed in as a new account of `role`. Returns {client, user}.
export async function signedIn(srv, opts) {
	const user = await addUser(srv, opts);
	const client = new Client(srv);
	const r = await client.signIn(user.email, user.password);
	assert.equal(r.status, 303, `sign-in of ${user.email}: ${r.text.slice(0, 300)}`);
	return { client, user };
}

// A new account of `role` on `actor` (as addUser), signed in: {client (a
// browser with its cookies), user, api (apiAs with a token of its own)}.
export async function person(srv, role, actor) {
	const { client, user } = await signedIn(srv, { role, actor });
	return { client, user, api: apiAs(srv, await tokenOf(client)) };
}

// Registers a partner through the form; returns {client, email, password,
// name} (the client is not signed in). Its address is then verified from
// the console (`pacte user verify`), as if the mailed link had been
// opened, unless verify is false (the mail tests open the link). lang:
// the registrant's language (Accept-Language), that of their mail.
let orgSeq = 0;
export async function registerPartner(srv, fields = {}, { verify = true, lang } = {}) {
	orgSeq++;
	const client = new Client(srv);
	const f = {
		org_name: `Test organisation ${orgSeq}-${process.pid}`, org_type: 'civil_society',
		country: 'MAR', website: 'https://example.org', description: 'We work with migrants.',
		name: `Editor ${orgSeq}`, email: `editor${orgSeq}-${process.pid}@example.org`,
		password: 'correct horse battery staple', ...fields,
	};
	f.password_confirm ??= f.password;
	const r = await client.submit('/account/register', '/account/register', f,
		lang ? { headers: { 'accept-language': lang } } : {});
	assert.equal(r.status, 303, `registration: ${r.text.slice(0, 500)}`);
	if (verify) {
		const v = await runPacte(['user', 'verify', ...dbArgs(srv.dir), f.email.toLowerCase()]);
		// An address that had an account already: nothing registered.
		if (!/no user/.test(v.stderr))
			assertCleanExit(v, `pacte user verify ${f.email}`);
	}
	return { client, email: f.email, password: f.password, name: f.org_name };
}

// Runs the Nu HTML Checker (vnu, errors only) over pages given as
// [{name, html}] in one java run; resolves to a list of "name:line: message"
// strings (empty when every page is valid).
export async function vnuErrors(pages) {
	const { execFile } = await import('node:child_process');
	const { mkdtemp, writeFile } = await import('node:fs/promises');
	const jar = path.join(ROOT, 'node_modules/vnu-jar/build/dist/vnu.jar');
	assert.ok(existsSync(jar), `${jar} missing: scripts/install-deps --npm`);
	const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-vnu-'));
	try {
		const byFile = new Map();
		for (const [i, p] of pages.entries()) {
			const file = path.join(dir, `page-${String(i).padStart(3, '0')}.html`);
			await writeFile(file, p.html);
			byFile.set(file, p.name);
		}
		const report = await new Promise((resolve, reject) => {
			execFile('java', ['-Xss4m', '-jar', jar, '--errors-only', '--format', 'json', ...byFile.keys()],
				{ timeout: 240000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
					if (err && err.code !== 1)
						return reject(new Error(`vnu failed (${err.code ?? err.signal}): ${stderr || err.message}`));
					try {
						resolve(JSON.parse(stderr || stdout || '{"messages":[]}'));
					} catch (e) {
						reject(new Error(`vnu output is not JSON (${e.message}): ${stderr.slice(0, 2000)}`));
					}
				});
		});
		return report.messages
			.filter((m) => m.type === 'error' || m.subType === 'fatal' || m.type === 'non-document-error')
			.map((m) => {
				const file = m.url ? decodeURIComponent(new URL(m.url).pathname) : '?';
				return `${byFile.get(file) ?? file}:${m.lastLine ?? '?'}: ${m.message}` +
					(m.extract ? `\n    ${m.extract.replace(/\n/g, ' ').trim()}` : '');
			});
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

// A strict enough XML reader (Atom feeds, SVG images): checks that tags nest and close,
// attributes are quoted, entities are XML's, and returns the elements as
// {name, attrs, children, text}.
export function parseXml(xml) {
	let i = 0;
	const decl = /^<\?xml [^?]*\?>\s*/.exec(xml);
	assert.ok(decl, 'an XML declaration first');
	i = decl[0].length;
	const root = { name: '#doc', attrs: {}, children: [], text: '' };
	const stack = [root];
	const entity = /&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/y;
	const decode = (s) => s.replace(/&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g, (m, e) =>
		({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e] ??
		String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)));
	while (i < xml.length) {
		if (xml[i] === '<') {
			const end = xml.indexOf('>', i);
			assert.ok(end > 0, `unclosed tag at ${i}`);
			const tag = xml.slice(i + 1, end);
			i = end + 1;
			if (tag.startsWith('/')) {
				const open = stack.pop();
				assert.equal(tag.slice(1).trim(), open.name, 'tags nest');
				continue;
			}
			const selfClosing = tag.endsWith('/');
			const m = /^([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*\/?$/.exec(tag);
			assert.ok(m, `a well-formed tag: <${tag}>`);
			const attrs = {};
			for (const a of m[2].matchAll(/([\w:.-]+)="([^"<]*)"/g)) {
				assert.ok(!(a[1] in attrs), 'no repeated attribute');
				attrs[a[1]] = decode(a[2]);
			}
			const el = { name: m[1], attrs, children: [], text: '' };
			stack.at(-1).children.push(el);
			if (!selfClosing)
				stack.push(el);
		} else {
			const next = xml.indexOf('<', i);
			const text = xml.slice(i, next < 0 ? xml.length : next);
			for (let k = text.indexOf('&'); k >= 0; k = text.indexOf('&', k + 1)) {
				entity.lastIndex = k;
				assert.ok(entity.test(text), `a known entity at "${text.slice(k, k + 10)}"`);
			}
			stack.at(-1).text += decode(text);
			i = next < 0 ? xml.length : next;
		}
	}
	assert.equal(stack.length, 1, 'every element closed');
	assert.equal(root.children.length, 1, 'one root element');
	return root.children[0];
}
