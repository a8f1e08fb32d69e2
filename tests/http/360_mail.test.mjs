// 360_mail — mail that really sends: a registration's verification mail
// reaches a real SMTP server on loopback (smtp_sink.py, aiosmtpd) in plain
// text and HTML, in the recipient's language; administrators read the
// queue and its attempts; a server that cannot reach the mail server
// tries again and loses nothing; without a mail server the queue is an
// outbox that says so, and a message queued there survives a kill -9 and
// goes out once the server restarts with one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
	startServer, Client, signedIn, registerPartner, pageText, dropDatabase, freePort,
} from './lib.mjs';
import { startSmtp, linkIn } from './smtp.mjs';

let smtp, srv, admin;
before(async () => {
	smtp = await startSmtp();
	srv = await startServer({ serveArgs: ['--smtp-url', smtp.url, '--mail-from', 'pacte@example.org'] });
	admin = (await signedIn(srv, { role: 'admin' })).client;
}, { timeout: 120000 });
after(async () => {
	await srv?.stop();
	await smtp?.stop();
}, { timeout: 30000 });

const to = (email) => (m) => m.rcpt_tos.includes(email.toLowerCase());

test('a registration is answered by a verification mail, plain text and HTML', async () => {
	const p = await registerPartner(srv, {}, { verify: false });
	const m = await smtp.waitFor(to(p.email), 'verification mail');
	assert.equal(m.mail_from, 'pacte@example.org');
	assert.equal(m.subject, 'Confirm your address for Pacte');
	assert.match(m.headers.From, /pacte@example\.org/);
	assert.match(m.text, /Please confirm that this address is yours/);
	assert.match(m.html, /<html lang="en">/);
	const link = linkIn(m, '/account/verify');
	assert.ok(m.html.includes(link.replace(/&/g, '&amp;')), 'the HTML part has the same link');
});

test('administrators read the queue and each attempt; nobody else does', async () => {
	const q = await admin.get('/admin/mail', { headers: { accept: 'application/json' } });
	assert.equal(q.status, 200);
	assert.equal(q.json.sending, true);
	const sent = q.json.messages.find((m) => m.status === 'sent');
	assert.ok(sent, JSON.stringify(q.json));
	assert.ok(q.json.counts.sent >= 1);
	const one = await admin.get(`/admin/mail/${sent.id}`, { headers: { accept: 'application/json' } });
	assert.equal(one.json.message.attempt_log.length, 1);
	assert.equal(one.json.message.attempt_log[0].ok, 1);
	assert.equal(one.json.message.rendered.subject, 'Confirm your address for Pacte');
	const html = await admin.get('/admin/mail');
	assert.doesNotMatch(pageText(html.text), /Mail is not being sent/);
	const reviewer = (await signedIn(srv, { role: 'reviewer' })).client;
	assert.equal((await reviewer.get('/admin/mail')).status, 403);
	assert.equal((await new Client(srv).get('/admin/mail')).status, 303);
	assert.equal((await admin.get('/admin/mail?status=nonsense')).status, 400);
});

test('a message is written in its recipient\'s language', async () => {
	// Registered through the French form: the account's language is French.
	const p = await registerPartner(srv, {}, { verify: false, lang: 'fr' });
	const m = await smtp.waitFor(to(p.email), 'French verification mail');
	assert.equal(m.subject, 'Confirmez votre adresse pour Pacte');
	assert.match(m.html, /<html lang="fr">/);
});

test('without a mail server: an outbox that says so, kept across a kill -9, sent after', async () => {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-mail-'));
	let off, on, sink;
	try {
		off = await startServer({ dir });
		const p = await registerPartner(off, {}, { verify: false });
		const a = (await signedIn(off, { role: 'admin' })).client;
		const page = await a.get('/admin/mail');
		assert.match(pageText(page.text), /Mail is not being sent/);
		const q = await a.get('/admin/mail', { headers: { accept: 'application/json' } });
		assert.equal(q.json.sending, false);
		assert.ok(q.json.messages.some((m) => m.recipient === p.email.toLowerCase() && m.status === 'queued'));
		// Killed without a chance to do anything more.
		await off.stop({ signal: 'SIGKILL' }).catch(() => {});
		sink = await startSmtp();
		on = await startServer({ dir, init: false, serveArgs: ['--smtp-url', sink.url] });
		const m = await sink.waitFor(to(p.email), 'the queued verification mail');
		assert.match(m.text, /\/account\/verify\?token=/);
	} finally {
		await on?.stop();
		await sink?.stop();
		dropDatabase(dir);
		await rm(dir, { recursive: true, force: true });
	}
});

test('a mail server that is down: attempts logged, tried again, delivered once it is up', async () => {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-mail-'));
	const port = await freePort();
	let s, sink;
	try {
		s = await startServer({ dir, serveArgs: ['--smtp-url', `smtp://127.0.0.1:${port}`, '--mail-retry', '1'] });
		const p = await registerPartner(s, {}, { verify: false });
		const a = (await signedIn(s, { role: 'admin' })).client;
		let failed;
		for (let i = 0; i < 300 && !failed; i++) {
			const q = await a.get('/admin/mail', { headers: { accept: 'application/json' } });
			failed = q.json.messages.find((m) => m.recipient === p.email.toLowerCase() && m.attempts >= 1);
			if (!failed)
				await new Promise((r) => setTimeout(r, 200));
		}
		assert.ok(failed, 'an attempt was made and failed');
		assert.equal(failed.status, 'queued', 'a failure loses nothing: queued again');
		assert.ok(failed.last_error);
		sink = await startSmtp({ port });
		await sink.waitFor(to(p.email), 'the retried message');
		const one = await a.get(`/admin/mail/${failed.id}`, { headers: { accept: 'application/json' } });
		const log = one.json.message.attempt_log;
		assert.ok(log.length >= 2 && log[0].ok === 0 && log.at(-1).ok === 1, JSON.stringify(log));
	} finally {
		await s?.stop();
		await sink?.stop();
		dropDatabase(dir);
		await rm(dir, { recursive: true, force: true });
	}
});
