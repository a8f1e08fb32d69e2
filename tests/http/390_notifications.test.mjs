// 390_notifications — notifications by e-mail with a real SMTP server
// (issue 18, item 5): each person's preference honoured (immediate: the
// decision's own mail at once; daily: one digest, sent once however often
// the daily chores run; never: no mail), the unread count in the header
// and "mark all read", and a reporting reminder sent once per period.
// The daily chores are run by `pacte notify run --today`, as cron would;
// the server's own timer is seen to run them once at its start.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	startServer, Client, registerPartner, actorId, runPacte, assertCleanExit, dbArgs, apiAs,
	tokenOf, pageText,
} from './lib.mjs';
import { startSmtp } from './smtp.mjs';

let smtp, srv;
before(async () => {
	smtp = await startSmtp();
	srv = await startServer({ serveArgs: ['--smtp-url', smtp.url] });
}, { timeout: 120000 });
after(async () => {
	await srv?.stop();
	await smtp?.stop();
}, { timeout: 30000 });

const to = (email) => (m) => m.rcpt_tos.includes(email.toLowerCase());
const notVerification = (m) => !/Confirm your address/.test(m.subject);
const today = new Date().toISOString().slice(0, 10);

// A registered partner, signed in, with its mail preference set.
async function partnerWith(pref) {
	const p = await registerPartner(srv);
	const c = new Client(srv);
	assert.equal((await c.signIn(p.email, p.password)).status, 303);
	if (pref) {
		const r = await c.submit('/account', '/account/notifications', { notify_mail: pref });
		assert.equal(r.status, 303, r.text.slice(0, 300));
	}
	return { ...p, client: c, id: await actorId(srv, p.name, 'requested') };
}

async function notifyRun(day) {
	const r = await runPacte(['notify', 'run', ...dbArgs(srv.dir), '--today', day]);
	assertCleanExit(r, 'pacte notify run');
	return r.stdout;
}

async function accredit(id) {
	assertCleanExit(await runPacte(['actor', 'decide', ...dbArgs(srv.dir), String(id), 'accredit']),
		'pacte actor decide');
}

let daily, never, now;
test('each preference honoured; a daily digest is grouped and sent once', async () => {
	daily = await partnerWith('daily');
	never = await partnerWith('never');
	now = await partnerWith(null);           // the default: immediate
	const page = await daily.client.get('/account');
	assert.match(page.text, /value="daily" checked/);
	assert.equal((await daily.client.submit('/account', '/account/notifications',
		{ notify_mail: 'weekly' })).status, 422);
	for (const p of [daily, never, now])
		await accredit(p.id);
	// Immediate: the decision's own mail, at once.
	const m = await smtp.waitFor((x) => to(now.email)(x) && notVerification(x), 'decision mail');
	assert.match(m.subject, /Your accreditation on Pacte/);
	// Daily: the digest holds the decision; a second run that day sends nothing.
	assert.match(await notifyRun(today), /1 digest\(s\)/);
	assert.match(await notifyRun(today), /0 digest\(s\)/);
	const d = await smtp.waitFor((x) => to(daily.email)(x) && notVerification(x), 'digest');
	assert.equal(d.subject, `Your Pacte notifications of ${today}`);
	assert.match(d.text, /1 notification since your last digest/);
	assert.match(d.text, /is now accredited/);
	// A mail queued after both is received after them: then nothing more
	// came for the daily reader, and nothing at all for "never".
	await runPacte(['actor', 'decide', ...dbArgs(srv.dir), String(now.id), 'suspend',
		'--reason', 'a sentinel']);
	await smtp.waitFor((x) => to(now.email)(x) && /suspended/.test(x.text), 'sentinel');
	const all = await smtp.messages();
	assert.equal(all.filter((x) => to(daily.email)(x) && notVerification(x)).length, 1);
	assert.equal(all.filter((x) => to(never.email)(x) && notVerification(x)).length, 0);
});

test('the server runs the daily chores itself, and stops cleanly (after)', async () => {
	const until = Date.now() + 60000;
	while (!/pacte: daily chores of \d{4}-\d{2}-\d{2}: \d+ reminder/.test(srv.stderr())) {
		assert.ok(Date.now() < until, `no daily chores logged:\n${srv.stderr()}`);
		await new Promise((r) => setTimeout(r, 200));
	}
});

test('the unread count is in the header, and cleared by "mark all read"', async () => {
	const c = never.client;
	const home = await c.get('/');
	assert.match(pageText(home.text), /Unread notifications: 1/);
	const account = await c.get('/account');
	assert.match(account.text, /Mark all read/);
	const r = await c.submit('/account', '/account/notifications/read', {});
	assert.equal(r.status, 303);
	assert.doesNotMatch((await c.get('/')).text, /Unread notifications/);
	assert.doesNotMatch((await c.get('/account')).text, /Mark all read/);
	// An anonymous reader's page names no count.
	assert.doesNotMatch((await new Client(srv).get('/')).text, /Unread notifications/);
});

test('a reporting reminder is sent once per reporting period', async () => {
	// `now` was suspended by the sentinel: reinstated, it may write again.
	assertCleanExit(await runPacte(['actor', 'decide', ...dbArgs(srv.dir), String(now.id),
		'reinstate']), 'reinstate');
	const api = apiAs(srv, await tokenOf(now.client));
	const c = await api('POST', '/commitments', {
		title: 'Open two advice centres for migrant workers', lang: 'en', objectives: [6],
		level: 'national', countries: ['MAR'], status: 'in_progress', kind: 'individual',
		form: 'process', deliverables: ['2 advice centres open'],
	});
	assert.equal(c.status, 201, c.text);
	// Reported today, it turns late a year and a day on: remind 3 days before.
	const d = new Date(today + 'T00:00:00Z');
	d.setUTCFullYear(d.getUTCFullYear() + 1);
	d.setUTCDate(d.getUTCDate() - 3);
	const day = d.toISOString().slice(0, 10);
	assert.match(await notifyRun(day), /^1 reminder\(s\)/);
	assert.match(await notifyRun(day), /^0 reminder\(s\)/);
	const m = await smtp.waitFor((x) => to(now.email)(x) && /progress report on/.test(x.text),
		'reminder');
	assert.match(m.text, /Open two advice centres for migrant workers/);
	assert.match(m.text, /\/commitments\/\d+/);
	d.setUTCDate(d.getUTCDate() + 1);
	assert.match(await notifyRun(d.toISOString().slice(0, 10)), /^0 reminder\(s\)/);
	// The API sets the preference too, and the account's JSON says it.
	assert.equal((await api('POST', '/account/notifications', { notify_mail: 'never' })).status, 200);
	assert.equal((await api('GET', '/account')).json.notify_mail, 'never');
	assert.equal((await api('GET', '/account/data')).json.account.notify_mail, 'never');
	assert.equal((await api('POST', '/account/notifications', { notify_mail: 'hourly' })).status, 422);
});
