// lib.mjs — what the fault tests share: a mixed load (API writers posting
// progress updates, anonymous readers on list pages) against one or more
// nodes, which keeps every answer it gets and sorts the writes into
// acknowledged, refused and unknown; and the checks made afterwards.
//
// An answer is one of: 2xx; 503 with Retry-After and problem+json saying
// the database is unavailable (a write: "saved": false, or null when the
// connection was lost under its COMMIT); for a page, 200 marked stale
// (Warning: 110 and, in HTML, the banner). Anything else — a 500 above
// all — is a problem the test reports.
import assert from 'node:assert/strict';
import { httpClient, bearer, sql, sleep } from '../crash/lib.mjs';

export const READ_PAGES = ['/', '/commitments', '/objectives', '/countries', '/actors',
	'/api/v1/commitments'];

const STALE_RE = /^110 /;
const BANNER_RE = /<p class="banner stale" role="status">/;

// Checks one 503 and returns its problem body (or pushes a problem).
function unavailable(r, what, problems) {
	if (!/^\d+$/.test(r.headers['retry-after'] || ''))
		problems.push(`${what}: 503 without Retry-After`);
	if (r.json && r.json.reason !== 'database_unavailable')
		problems.push(`${what}: 503 whose problem does not say the database is unavailable: ${r.text.slice(0, 200)}`);
	return r.json;
}

// Starts the load on `nodes` (servers from serve()) with the focal points
// `fps` (from focalPoints()). Returns a controller: pause() (no write
// starts, resolves when none is in flight), resume(), stop() (resolves once
// every worker ended), and ctx, the record:
//   statuses: Map status → count; problems: [text]; acked: Map update id →
//   narrative; refused: Set of narratives answered "not saved"; unknown:
//   Set of those whose outcome is unknown; stale: pages served stale;
//   writes: [{node, t, status}] (t: Date.now() at the answer).
export function startLoad(nodes, fps, { writers = 4, readers = 2, tag = 'fault' } = {}) {
	const ctx = {
		statuses: new Map(), problems: [], acked: new Map(), refused: new Set(),
		unknown: new Set(), stale: 0, writes: [], reads: [],
	};
	let stopped = false, paused = false, inFlight = 0;
	const count = (s) => ctx.statuses.set(s, (ctx.statuses.get(s) || 0) + 1);
	const clients = nodes.map((n) => httpClient(n.base, writers + readers));

	async function writer(w) {
		for (let i = 0; !stopped; i++) {
			while (paused && !stopped)
				await sleep(5);
			if (stopped)
				break;
			const node = w % nodes.length;
			const fp = fps[w % fps.length];
			const narrative = `${tag} w${w} n${i}`;
			let r;
			inFlight++;
			try {
				r = await clients[node].request('POST',
					`/api/v1/commitments/${fp.commitments[i % fp.commitments.length]}/progress`,
					{ headers: bearer(fp.token), json: { status: 'in_progress', percent: i % 101, narrative } });
			} catch (e) {
				ctx.problems.push(`writer ${w}: ${e.message}`);
				inFlight--;
				continue;
			}
			inFlight--;
			count(r.status);
			ctx.writes.push({ node, t: Date.now(), status: r.status });
			if (r.status === 201) {
				ctx.acked.set(r.json.id, narrative);
			} else if (r.status === 503) {
				const p = unavailable(r, `writer ${w}`, ctx.problems);
				if (p && p.saved === null)
					ctx.unknown.add(narrative);
				else
					ctx.refused.add(narrative);
				await sleep(20);
			} else {
				ctx.problems.push(`writer ${w}: ${r.status} ${r.text.slice(0, 300)}`);
				await sleep(20);
			}
		}
	}

	async function reader(k) {
		for (let i = 0; !stopped; i++) {
			const node = (k + i) % nodes.length;
			const page = READ_PAGES[(k + i) % READ_PAGES.length];
			let r;
			try {
				r = await clients[node].request('GET', page, { headers: { accept: 'text/html' } });
			} catch (e) {
				ctx.problems.push(`reader ${k}: GET ${page}: ${e.message}`);
				continue;
			}
			count(r.status);
			ctx.reads.push({ node, t: Date.now(), status: r.status });
			if (r.status === 200 && STALE_RE.test(r.headers.warning || '')) {
				ctx.stale++;
				if (!page.startsWith('/api/') && !BANNER_RE.test(r.text))
					ctx.problems.push(`reader ${k}: GET ${page} stale without its banner`);
			} else if (r.status === 503) {
				unavailable(r, `reader ${k}: GET ${page}`, ctx.problems);
				await sleep(20);
			} else if (r.status !== 200) {
				ctx.problems.push(`reader ${k}: GET ${page}: ${r.status} ${r.text.slice(0, 300)}`);
			}
		}
	}

	const workers = [
		...Array.from({ length: writers }, (_, w) => writer(w)),
		...Array.from({ length: readers }, (_, k) => reader(k)),
	];
	return {
		ctx,
		async pause() {
			paused = true;
			while (inFlight > 0)
				await sleep(5);
		},
		resume() {
			paused = false;
		},
		async stop() {
			stopped = true;
			await Promise.all(workers);
			for (const c of clients)
				c.close();
		},
	};
}

// Reads every page of READ_PAGES once on each node, so that each is in the
// node's page cache at the current data version.
export async function warmPages(nodes) {
	for (const n of nodes) {
		const c = httpClient(n.base, 1);
		for (const page of READ_PAGES) {
			const r = await c.request('GET', page, { headers: { accept: 'text/html' } });
			assert.equal(r.status, 200, `GET ${page} before the outage`);
		}
		c.close();
	}
}

// Waits until `probe()` resolves true, polling every 20 ms, for at most
// `limitMs`; resolves to the milliseconds it took, or rejects.
export async function until(what, limitMs, probe) {
	const start = Date.now();
	while (Date.now() - start < limitMs) {
		if (await probe())
			return Date.now() - start;
		await sleep(20);
	}
	throw new Error(`${what}: not within ${limitMs} ms`);
}

// A write through `node` as the focal point fp (with more headers when
// given): resolves to the answer.
export async function probeWrite(node, fp, narrative, headers = {}) {
	const c = httpClient(node.base, 1);
	try {
		return await c.request('POST', `/api/v1/commitments/${fp.commitments[0]}/progress`, {
			headers: { ...bearer(fp.token), ...headers },
			json: { status: 'in_progress', percent: 50, narrative },
		});
	} finally {
		c.close();
	}
}

// The narratives of `tags` that are in the database (refused writes must
// not be).
export function presentNarratives(dir, tags) {
	const list = [...tags];
	const found = [];
	for (let i = 0; i < list.length; i += 200) {
		const chunk = list.slice(i, i + 200).map((s) => `'${s.replaceAll("'", "''")}'`).join(',');
		for (const [n] of sql(dir, `SELECT narrative FROM progress_update WHERE narrative IN (${chunk})`))
			found.push(n);
	}
	return found;
}

// The count of answers with status 500 or any 5xx other than 503, from
// the node's /metrics (the test reaches it as a local client).
export async function serverErrors(node) {
	const c = httpClient(node.base, 1);
	const r = await c.request('GET', '/metrics');
	c.close();
	assert.equal(r.status, 200, 'GET /metrics');
	let n = 0;
	for (const m of r.text.matchAll(/^pacte_http_requests_total\{route="[^"]*",status="(5\d\d)"\} (\d+)$/gm))
		if (m[1] !== '503')
			n += Number(m[2]);
	return { count: n, text: r.text };
}

// One metric's value from /metrics text (the first line of that name).
export function metric(text, name) {
	const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text);
	return m ? Number(m[1]) : NaN;
}
