// smtp.mjs — a real SMTP server for the mail tests: tests/http/smtp_sink.py
// (aiosmtpd) on loopback, started and stopped by the test, and what it
// received, read back as parsed messages.
//
//   const smtp = await startSmtp();           // a free port
//   … pacte serve --smtp-url smtp.url …
//   const m = await smtp.waitFor((m) => m.rcpt_tos.includes(email));
//   await smtp.stop();
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { before, after } from 'node:test';
import { fileURLToPath } from 'node:url';

import { startServer } from './lib.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
// Debian's python3, where python3-aiosmtpd is installed (not a pyenv shim).
const PYTHON = process.env.PACTE_TEST_PYTHON || '/usr/bin/python3';
const START_MS = 20000;
const WAIT_MS = 60000;       // a message to arrive: the sender polls every 2 s

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Starts the server on `port` (0: a free one); resolves to a handle
// {port, url, dir, messages(), waitFor(pred, what), stop()}.
export async function startSmtp({ port = 0, dir } = {}) {
	dir ??= await mkdtemp(path.join(os.tmpdir(), 'pacte-smtp-'));
	const child = spawn(PYTHON, [path.join(HERE, 'smtp_sink.py'), dir, String(port)],
		{ stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '', err = '';
	child.stdout.setEncoding('utf8').on('data', (d) => { out += d; });
	child.stderr.setEncoding('utf8').on('data', (d) => { err += d; });
	const exited = new Promise((r) => child.on('exit', r));
	const deadline = Date.now() + START_MS;
	let m;
	while (!(m = /ready (\d+)/.exec(out))) {
		if (Date.now() > deadline || child.exitCode !== null) {
			child.kill('SIGKILL');
			throw new Error(`smtp_sink.py did not start: ${err}`);
		}
		await sleep(50);
	}
	process.on('exit', () => child.kill('SIGKILL'));
	const smtp = {
		port: Number(m[1]),
		url: `smtp://127.0.0.1:${m[1]}`,
		dir,
		async messages() {
			const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
			return Promise.all(files.map(async (f) => JSON.parse(await readFile(path.join(dir, f), 'utf8'))));
		},
		// The first message pred accepts, waiting for it to arrive.
		async waitFor(pred, what = 'a message') {
			const until = Date.now() + WAIT_MS;
			for (;;) {
				const found = (await smtp.messages()).filter(pred);
				if (found.length)
					return found[0];
				if (Date.now() > until)
					throw new Error(`no ${what} arrived within ${WAIT_MS} ms`);
				await sleep(200);
			}
		},
		async stop({ keep = false } = {}) {
			child.kill('SIGTERM');
			await exited;
			if (!keep)
				await rm(dir, { recursive: true, force: true });
		},
	};
	return smtp;
}

// The link to `path` (e.g. /account/reset) in a message's plain text, as
// a path with its query ("/account/reset?token=…").
export function linkIn(message, p) {
	const m = new RegExp(`https?://[^/\\s]+(${p.replace(/[/?]/g, '\\$&')}\\?token=[A-Za-z0-9_-]+)`)
		.exec(message.text);
	if (!m)
		throw new Error(`no link to ${p} in:\n${message.text}`);
	return m[1];
}

// A test file's server sending mail to a real SMTP server: before() starts
// both (the server with --smtp-url and serveArgs), after() stops them. The
// handle's srv and smtp are set once they are started.
export function useMailServer(serveArgs = []) {
	const h = {};
	before(async () => {
		h.smtp = await startSmtp();
		h.srv = await startServer({ serveArgs: ['--smtp-url', h.smtp.url, ...serveArgs] });
	}, { timeout: 120000 });
	after(async () => {
		await h.srv?.stop();
		await h.smtp?.stop();
	}, { timeout: 30000 });
	return h;
}

// Whether a message received was sent to email (any case).
export const sentTo = (email) => (m) => m.rcpt_tos.includes(email.toLowerCase());
