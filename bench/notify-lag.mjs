// notify-lag.mjs — how long a PostgreSQL node may serve the previous data
// version after another node's commit (issue 19, item 3; the bound
// docs/deployment.md states), with the reading node under load.
//
//   PACTE_TEST_DATABASE_URL=postgres://… PACTE_BIN=build/pacte \
//     node bench/notify-lag.mjs [SAMPLES]
//
// Two `pacte serve` nodes on one fresh database. wrk keeps node B busy with
// cache hits on / (64 connections) for the whole run. SAMPLES times (default
// 100): a commitment recorded through node A's API by a focal point (one
// versioned commit), then node B's
// ETag for / asked again and again until it changes, which it does when B
// knows the new data version. Prints the lag's median, 90th, 99th
// percentile and maximum in milliseconds, and wrk's rate on B meanwhile.
import { spawn } from 'node:child_process';
import { startServer, person, raw, DATABASE_URL } from '../tests/http/lib.mjs';

const SAMPLES = Number(process.argv[2] || 100);
if (!DATABASE_URL) {
	console.error('notify-lag: set PACTE_TEST_DATABASE_URL to a PostgreSQL server');
	process.exit(2);
}

const etag = async (port) => (await raw(port, '/')).headers.etag;
const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor((xs.length - 1) * p))];

const nodeA = await startServer();
const nodeB = await startServer({ dir: nodeA.dir, init: false });
const wrk = spawn('wrk', ['-t2', '-c64', '-d3600s', `${nodeB.base}/`], { stdio: ['ignore', 'pipe', 'ignore'] });
let wrkOut = '';
wrk.stdout.on('data', (d) => { wrkOut += d; });
try {
	const mar = await person(nodeA, 'focal_point', 'MAR');
	const commitment = {
		title: 'Register every birth of a migrant child', lang: 'en', objectives: [4],
		level: 'national', countries: ['MAR'], deliverables: ['A civil registry desk'],
		target_date: '2029-12-31', status: 'planned', kind: 'individual', form: 'policy',
	};
	const lags = [];
	for (let i = 0; i < SAMPLES; i++) {
		const before = await etag(nodeB.port);
		const made = await mar.api('POST', '/commitments', commitment);
		if (made.status !== 201)
			throw new Error(`recording a commitment: ${made.status} ${made.text.slice(0, 300)}`);
		const t0 = performance.now();
		let polls = 0;
		while ((await etag(nodeB.port)) === before) {
			if (++polls > 20000)
				throw new Error('node B never saw the commit');
		}
		lags.push(performance.now() - t0);
	}
	lags.sort((a, b) => a - b);
	const f = (x) => x.toFixed(1);
	console.log(`notify-lag: ${SAMPLES} commits on node A, node B under wrk (64 connections on /)`);
	console.log(`lag (ms): median ${f(pct(lags, 0.5))}, p90 ${f(pct(lags, 0.9))}, ` +
		`p99 ${f(pct(lags, 0.99))}, max ${f(lags[lags.length - 1])}`);
} finally {
	wrk.kill('SIGINT');
	await new Promise((r) => wrk.on('close', r));
	const rate = /Requests\/sec:\s*([\d.]+)/.exec(wrkOut);
	if (rate)
		console.log(`node B meanwhile: ${rate[1]} requests/s`);
	await nodeB.stop();
	await nodeA.stop();
}
