// 420_limits — what a client cannot make the server hold: a body over the
// limit (1 MiB) is refused with 413, before it is read when announced; a
// chunked one past 16 MiB gets the connection closed; headers over the
// connection's 64 KiB get 431; slow clients (slowloris) trickling their
// headers hold connections, not workers, so everyone else is still served,
// and a connection that goes quiet is closed after 15 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { useServer } from './lib.mjs';

const srv = useServer();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A raw connection: what the server sent so far, and whether it closed.
function connect(port) {
	return new Promise((resolve, reject) => {
		const c = { received: '', closed: false };
		c.socket = net.connect(port, '127.0.0.1', () => resolve(c));
		c.socket.on('data', (d) => { c.received += d.toString('latin1'); });
		c.socket.on('close', () => { c.closed = true; });
		c.socket.on('error', (e) => {
			c.error = e;
			if (!c.socket.connecting)
				return;
			reject(e);
		});
	});
}

// Waits until the connection has a status line (or is closed), at most ms.
async function statusOf(c, ms) {
	const end = Date.now() + ms;
	while (Date.now() < end && !/^HTTP\/1\.1 \d{3}/.test(c.received) && !c.closed)
		await sleep(10);
	const m = /^HTTP\/1\.1 (\d{3})/.exec(c.received);
	return m ? Number(m[1]) : null;
}

const head = (method, path, lines) =>
	`${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${lines.map((l) => l + '\r\n').join('')}`;

// A connection that has started a chunked JSON POST; frame(chunk) is one
// chunk of its body.
async function chunkedPost() {
	const c = await connect(srv.port);
	c.socket.write(head('POST', '/api/v1/account/tokens', [
		'Content-Type: application/json', 'Transfer-Encoding: chunked', '',
	]));
	return c;
}
const frame = (chunk) => `${chunk.length.toString(16)}\r\n${chunk}\r\n`;

test('a body announced over 1 MiB: 413 at once, before any of it is sent', async () => {
	const c = await connect(srv.port);
	const t0 = Date.now();
	c.socket.write(head('POST', '/account/login', [
		'Content-Type: application/x-www-form-urlencoded', 'Content-Length: 2000000', '',
	]));
	assert.equal(await statusOf(c, 5000), 413, c.received.slice(0, 200));
	assert.ok(Date.now() - t0 < 3000, 'the refusal does not wait for the body');
	c.socket.destroy();
});

test('a chunked body over 1 MiB: 413 once it ends', async () => {
	const c = await chunkedPost();
	const chunk = 'a'.repeat(64 * 1024);
	for (let i = 0; i < 24; i++)      // 1.5 MiB
		c.socket.write(frame(chunk));
	c.socket.write('0\r\n\r\n');
	assert.equal(await statusOf(c, 10000), 413, c.received.slice(0, 200));
	c.socket.destroy();
});

test('a chunked body that goes on past 16 MiB: the connection is closed', async () => {
	const c = await chunkedPost();
	const chunk = 'a'.repeat(256 * 1024), big = frame(chunk);
	// Up to 64 MiB, waiting for the socket to drain: the server must close
	// it well before the end.
	let sent = 0;
	for (let i = 0; i < 256 && !c.closed && !c.error; i++) {
		sent += chunk.length;
		if (!c.socket.write(big))
			await new Promise((r) => { c.socket.once('drain', r); c.socket.once('close', r); });
	}
	const end = Date.now() + 5000;
	while (!c.closed && Date.now() < end)
		await sleep(20);
	assert.ok(c.closed || c.error, 'the server closed the connection');
	assert.ok(sent >= 15 * 1024 * 1024, `closed after ${sent} bytes: the limit is 16 MiB`);
	// The answer (413) could only come once the body ends: past the point
	// where reading on is no longer worth it, the server closes without one.
	assert.equal(c.received, '', 'closed without an answer');
	c.socket.destroy();
});

test('headers over 64 KiB: 431', async () => {
	const c = await connect(srv.port);
	c.socket.write(head('GET', '/', [`X-Padding: ${'p'.repeat(70 * 1024)}`, '']));
	assert.equal(await statusOf(c, 5000), 431, c.received.slice(0, 200));
	c.socket.destroy();
});

test('300 slow clients trickling their headers do not keep anyone else waiting; ' +
	'a silent connection is closed after 15 s', { timeout: 60000 }, async () => {
	const slow = await Promise.all(Array.from({ length: 300 }, () => connect(srv.port)));
	for (const c of slow)
		c.socket.write(head('GET', '/', []));
	const silent = await connect(srv.port);
	silent.socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
	const t0 = Date.now();
	let n = 0, worst = 0;
	try {
		// For 17 s: every 500 ms each slow client sends one more header line
		// and one ordinary request is made and timed.
		while (Date.now() - t0 < 17000) {
			for (const c of slow)
				if (!c.closed)
					c.socket.write(`X-Slow-${n}: 1\r\n`);
			// A new visitor each time: a connection of its own, closed after
			// the answer (no keep-alive connection reused across the run).
			const t = Date.now();
			const r = await srv.raw('/objectives');
			assert.equal(r.status, 200);
			worst = Math.max(worst, Date.now() - t);
			n++;
			await sleep(500);
		}
		assert.ok(worst < 2000, `an ordinary request took ${worst} ms while slow clients waited`);
		assert.ok(slow.every((c) => !c.closed && c.received === ''),
			'the slow clients were neither answered nor dropped: they were still sending');
		assert.ok(silent.closed, 'the silent connection was closed by the idle timeout');
		assert.equal(silent.received, '', 'a request never finished gets no answer');
	} finally {
		for (const c of slow)
			c.socket.destroy();
		silent.socket.destroy();
	}
	await sleep(200);
	assert.equal((await srv.get('/objectives')).status, 200);
});
