// 140_headers — security headers on every answer, /healthz and /metrics.
// /metrics is asked from loopback with no proxy headers, as an operator on
// the machine would; 322_security_http checks that nobody else gets it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PAGES } from './lib.mjs';

const srv = useServer();

// One answer of every kind: pages, twins, errors, static, metrics, health.
const ANSWERS = [
	...PAGES.map((p) => ({ p })),
	{ p: '/api/v1/objectives' },
	{ p: '/objectives/1', headers: { accept: 'application/json' } },
	{ p: '/objectives/1?lang=fr', headers: { 'accept-encoding': 'gzip' } },
	{ p: '/nope' },
	{ p: '/api/v1/nope' },
	{ p: '/countries?q=%ff' },
	{ p: '/objectives', method: 'POST' },
	{ p: '/static/style.css' },
	{ p: '/static/nope.css' },
	{ p: '/healthz' },
	{ p: '/api/v1/healthz' },
	{ p: '/metrics' },
];

// Splits a CSP into {directive: [sources]}.
function parseCsp(csp) {
	const out = {};
	for (const part of csp.split(';')) {
		const [name, ...values] = part.trim().split(/\s+/);
		if (name)
			out[name.toLowerCase()] = values;
	}
	return out;
}

function assertSecurityHeaders(h, what) {
	const csp = h['content-security-policy'];
	assert.ok(csp, `${what}: Content-Security-Policy`);
	const d = parseCsp(csp);
	const scripts = d['script-src'] ?? d['default-src'];
	assert.ok(scripts, `${what}: CSP has script-src or default-src: ${csp}`);
	assert.ok(!scripts.includes("'unsafe-inline'"), `${what}: no 'unsafe-inline' scripts: ${csp}`);
	assert.ok(!scripts.includes("'unsafe-eval'"), `${what}: no 'unsafe-eval' scripts: ${csp}`);
	assert.ok(!scripts.includes('*'), `${what}: scripts not from anywhere: ${csp}`);
	assert.deepEqual(d['frame-ancestors'], ["'none'"], `${what}: frame-ancestors 'none': ${csp}`);
	assert.equal(h['x-content-type-options'], 'nosniff', `${what}: X-Content-Type-Options`);
	assert.ok(h['referrer-policy'], `${what}: Referrer-Policy`);
	assert.doesNotMatch(h['referrer-policy'], /unsafe-url/, `${what}: Referrer-Policy`);
}

for (const a of ANSWERS) {
	const what = `${a.method ?? 'GET'} ${a.p}${a.headers ? ' ' + JSON.stringify(a.headers) : ''}`;
	test(`security headers: ${what}`, async () => {
		const r = await srv.raw(a.p, { method: a.method, headers: a.headers });
		assertSecurityHeaders(r.headers, `${what} (${r.status})`);
	});
}

test('no server version is given away', async () => {
	const r = await srv.raw('/');
	assert.doesNotMatch(r.headers.server ?? '', /libmicrohttpd|\d+\.\d+/i);
	assert.equal(r.headers['x-powered-by'], undefined);
});

test('/healthz is {"status":"ok"} JSON, never cached', async () => {
	const r = await srv.getJSON('/healthz', { headers: { accept: '*/*' } });
	assert.equal(r.status, 200);
	assert.match(r.headers.get('content-type'), /^application\/json\b/);
	assert.equal(r.json.status, 'ok');
	assert.match(r.headers.get('cache-control') ?? '', /no-store|no-cache/);
});

// Parses Prometheus text into [{name, labels, value}].
function parseMetrics(text) {
	const out = [];
	for (const line of text.split('\n')) {
		if (!line || line.startsWith('#'))
			continue;
		const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/.exec(line);
		assert.ok(m, `a valid sample line: ${line}`);
		const labels = {};
		for (const [, k, v] of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
			labels[k] = v.replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
		out.push({ name: m[1], labels, value: Number(m[3] === '+Inf' ? Infinity : m[3]) });
	}
	return out;
}

// The sum of every sample named `name` whose labels include `want`.
function total(samples, name, want = {}) {
	return samples
		.filter((s) => s.name === name && Object.entries(want).every(([k, v]) => s.labels[k] === v))
		.reduce((a, s) => a + s.value, 0);
}

async function metrics() {
	const r = await srv.raw('/metrics');
	assert.equal(r.status, 200);
	assert.match(r.headers['content-type'], /^text\/plain;\s*version=0\.0\.4\b/);
	return { text: r.body.toString('utf8'), samples: parseMetrics(r.body.toString('utf8')) };
}

test('/metrics is Prometheus text', async () => {
	const r = await srv.raw('/metrics');
	assert.equal(r.status, 200);
	assert.match(r.headers['content-type'], /^text\/plain;\s*version=0\.0\.4\b/);
	const text = r.body.toString('utf8');
	assert.match(text, /^# TYPE pacte_http_requests_total counter$/m);
	assert.match(text, /^# TYPE pacte_http_request_duration_seconds histogram$/m);
	assert.match(text, /^# HELP pacte_http_requests_total /m);
	parseMetrics(text);
});

test('/metrics counts requests by route and status, and their latency', async () => {
	const N = 7;
	const route = { route: '/objectives/{n}', status: '200' };
	const before = (await metrics()).samples;
	for (let i = 1; i <= N; i++)
		assert.equal((await srv.raw(`/objectives/${i}`)).status, 200);
	assert.equal((await srv.raw('/objectives/99')).status, 404);
	// A request is counted once its answer is done, which on a loaded
	// machine may come a moment after the client has read it: wait for it.
	const inf = (s) => total(s, 'pacte_http_request_duration_seconds_bucket', { le: '+Inf' });
	const counted = (s) => total(s, 'pacte_http_requests_total', route) -
		total(before, 'pacte_http_requests_total', route);
	let after = (await metrics()).samples;
	for (let i = 0; i < 100 && (counted(after) < N || inf(after) - inf(before) < N + 1); i++) {
		await new Promise((r) => setTimeout(r, 50));
		after = (await metrics()).samples;
	}

	const grew = counted(after);
	assert.ok(grew >= N, `pacte_http_requests_total{route="/objectives/{n}",status="200"} grew by ${grew}`);
	assert.ok(total(after, 'pacte_http_requests_total', { status: '404' }) >= 1, 'a 404 was counted');

	assert.ok(inf(after) - inf(before) >= N + 1, 'the latency histogram grew');
	assert.equal(inf(after), total(after, 'pacte_http_request_duration_seconds_count'),
		'the +Inf bucket is the count');
	assert.ok(total(after, 'pacte_http_request_duration_seconds_sum') > 0);

	// Buckets are cumulative: counts never fall as le grows.
	const buckets = after.filter((s) => s.name === 'pacte_http_request_duration_seconds_bucket');
	const series = new Map();
	for (const b of buckets) {
		const { le, ...rest } = b.labels;
		const key = JSON.stringify(rest);
		if (!series.has(key))
			series.set(key, []);
		series.get(key).push([le === '+Inf' ? Infinity : Number(le), b.value]);
	}
	assert.ok(series.size > 0);
	for (const [key, list] of series) {
		list.sort((x, y) => x[0] - y[0]);
		assert.ok(list.length >= 5, `${key}: at least 5 buckets`);
		for (let i = 1; i < list.length; i++)
			assert.ok(list[i][1] >= list[i - 1][1], `${key}: cumulative buckets`);
	}
});

test('/metrics labels routes by pattern, not by path (bounded cardinality)', async () => {
	for (const p of ['/nope-1', '/nope-2', '/countries/ZZA', '/countries/ZZB'])
		await srv.raw(p);
	const { samples } = await metrics();
	const routes = new Set(samples.filter((s) => s.name === 'pacte_http_requests_total')
		.map((s) => s.labels.route));
	for (const r of routes)
		assert.doesNotMatch(r ?? '', /nope-|ZZA|ZZB/, `route label "${r}" is a pattern`);
});
