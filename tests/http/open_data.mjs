// open_data.mjs — what the open-data tests (700–719) share: an instance
// with every kind of record whose package is published, and waiting for
// the publisher (which builds in the background, never on a request).
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { runPacte, assertCleanExit, startServer, dbArgs } from './lib.mjs';

export const BASE_URL = 'https://pacte.example';
const PUBLISH_WAIT_MS = 90000;       // generous: the machine is shared

// A server on a database with the sample and `scale` synthetic
// commitments, publishing every second, its links under BASE_URL.
export async function openDataInstance({ scale = 40, serveArgs = [] } = {}) {
	const srv = await startServer({ initArgs: ['--sample'],
		serveArgs: ['--publish-interval', '1', ...serveArgs] });
	assertCleanExit(await runPacte(['demo', '--scale', String(scale), ...dbArgs(srv.dir)]),
		'pacte demo');
	return srv;
}

// Waits until /data holds a package satisfying ok(model); returns the
// model. Fails after PUBLISH_WAIT_MS.
export async function published(srv, ok = () => true) {
	const until = Date.now() + PUBLISH_WAIT_MS;
	let last;
	while (Date.now() < until) {
		const r = await srv.getJSON('/api/v1/data');
		assert.equal(r.status, 200, r.text);
		last = r.json;
		if (last.published && ok(last))
			return last;
		await sleep(250);
	}
	assert.fail(`/data never held the package expected: ${JSON.stringify(last).slice(0, 500)}`);
}

// The rows of the commitment table in the published package.
export function commitmentRows(model) {
	return model.tables.find((t) => t.name === 'commitment').rows;
}

// RFC 4180 records of text (quoted fields may hold commas, quotes, CRLF),
// as the .csv twins and the package's files write them.
export function parseCsv(text) {
	const rows = [];
	let row = [], field = '', quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
			else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') { row.push(field); field = ''; }
		else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
		else field += c;
	}
	return rows;
}
