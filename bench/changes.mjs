// bench/changes.mjs — reads the change feed (/api/v1/changes) of a running
// pacte from the start to the end, as a harvester would, and says how fast:
//   node bench/changes.mjs http://127.0.0.1:8080 [limit]
// prints one line: pages, entries, seconds, pages/s, entries/s, and the
// slowest page. Each page is fetched after the last (a harvester follows
// `next`), with no page cache help after the first run (every URL is new
// to the cache only once: run it on a freshly started server).
const base = process.argv[2] || 'http://127.0.0.1:8080';
const limit = Number(process.argv[3] || 500);
let url = `/api/v1/changes?since=0&limit=${limit}`;
let pages = 0, entries = 0, slowest = 0;
const start = process.hrtime.bigint();
while (url) {
	const t0 = process.hrtime.bigint();
	const r = await fetch(new URL(url, base));
	if (r.status !== 200)
		throw new Error(`${url}: ${r.status} ${await r.text()}`);
	const page = await r.json();
	slowest = Math.max(slowest, Number(process.hrtime.bigint() - t0) / 1e6);
	pages++;
	entries += page.count;
	url = page.next;
}
const s = Number(process.hrtime.bigint() - start) / 1e9;
console.log(`changes: ${pages} pages of ${limit}, ${entries} entries in ${s.toFixed(1)} s: ` +
	`${(pages / s).toFixed(1)} pages/s, ${Math.round(entries / s)} entries/s; slowest page ${slowest.toFixed(0)} ms`);
