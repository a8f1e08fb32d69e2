// 361_recovery — a forgotten password, end to end with a real SMTP server:
// the link arrives, works once, then never; a newer link revokes the older
// one; the reset signs out every session; the answer never tells whether
// an address has an account; requests are limited per address and per
// client. And a registrant's address is verified before they can write.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	startServer, Client, addUser, signedIn, registerPartner, actorId, csrfFrom, pageText,
} from './lib.mjs';
import { startSmtp, linkIn } from './smtp.mjs';

let smtp, srv;
before(async () => {
	smtp = await startSmtp();
	// --trust-proxy: each test comes from a client address of its own.
	srv = await startServer({ serveArgs: ['--smtp-url', smtp.url, '--trust-proxy'] });
}, { timeout: 120000 });
after(async () => {
	await srv?.stop();
	await smtp?.stop();
}, { timeout: 30000 });

let addrSeq = 0;
const newAddr = () => ({ 'x-forwarded-for': `198.51.100.${++addrSeq}` });
const to = (email) => (m) => m.rcpt_tos.includes(email.toLowerCase());

function forgot(email, headers) {
	return new Client(srv).submit('/account/forgot', '/account/forgot', { email }, { headers });
}

// The reset mails sent to email so far, oldest first.
async function resetMails(email) {
	return (await smtp.messages()).filter((m) => to(email)(m) && /Reset your Pacte password/.test(m.subject));
}

async function resetWith(link, password, headers = {}) {
	const c = new Client(srv);
	const form = await c.get(link);
	if (form.status !== 200)
		return form;
	return c.request('/account/reset', {
		method: 'POST', headers,
		form: { csrf_token: csrfFrom(form.text), token: new URL(link, srv.base).searchParams.get('token'),
			password, password_confirm: password },
	});
}

test('forgot password: the link arrives, works once, ends every session', async () => {
	const u = await addUser(srv, { role: 'reviewer' });
	const other = new Client(srv);
	assert.equal((await other.signIn(u.email, u.password)).status, 303);
	const headers = newAddr();
	const r = await forgot(u.email, headers);
	assert.equal(r.status, 303);
	assert.equal(r.headers.get('location'), '/account/login?reset_sent=1');
	const m = await smtp.waitFor((x) => to(u.email)(x) && /Reset/.test(x.subject), 'reset mail');
	assert.match(m.text, /works once, within the next hour/);
	const link = linkIn(m, '/account/reset');
	const done = await resetWith(link, 'a brand new password 1', headers);
	assert.equal(done.status, 303, done.text.slice(0, 400));
	assert.equal(done.headers.get('location'), '/account/login?password_reset=1');
	// Every session of the account ended; the old password no longer opens it.
	assert.equal((await other.get('/account')).status, 303, 'the other session is signed out');
	assert.equal((await new Client(srv).signIn(u.email, u.password)).status, 401);
	assert.equal((await new Client(srv).signIn(u.email, 'a brand new password 1')).status, 303);
	// Used once: never again, with the same answer as a forged one.
	const again = await new Client(srv).get(link);
	assert.equal(again.status, 404);
	assert.match(pageText(again.text), /This link is not valid/);
	assert.equal((await new Client(srv).get('/account/reset?token=' + 'A'.repeat(43))).status, 404);
	assert.equal((await new Client(srv).get('/account/reset?token=%0d%0aBcc:x')).status, 404);
	// The account was told its password changed.
	await smtp.waitFor((x) => to(u.email)(x) && /password was changed/.test(x.subject), 'notice mail');
});

test('a newer link revokes the older one', async () => {
	const u = await addUser(srv, { role: 'reviewer' });
	const headers = newAddr();
	assert.equal((await forgot(u.email, headers)).status, 303);
	await smtp.waitFor((x) => to(u.email)(x) && /Reset/.test(x.subject));
	assert.equal((await forgot(u.email, headers)).status, 303);
	for (let i = 0; i < 300 && (await resetMails(u.email)).length < 2; i++)
		await new Promise((r) => setTimeout(r, 200));
	const [first, second] = await resetMails(u.email);
	assert.ok(second, 'two reset mails');
	assert.equal((await resetWith(linkIn(first, '/account/reset'), 'another new password')).status, 404);
	assert.equal((await resetWith(linkIn(second, '/account/reset'), 'another new password')).status, 303);
});

test('the answer is the same whether or not the address has an account', async () => {
	const u = await addUser(srv, { role: 'reviewer' });
	const headers = newAddr();
	const known = await forgot(u.email, headers);
	const unknown = await forgot(`nobody-${process.pid}@example.org`, headers);
	assert.equal(known.status, unknown.status);
	assert.equal(known.headers.get('location'), unknown.headers.get('location'));
	const c = new Client(srv);
	const json = await c.request('/api/v1/account/forgot', {
		method: 'POST', headers: { ...headers, accept: 'application/json' },
		json: { csrf_token: csrfFrom((await c.get('/account/forgot')).text), email: 'x@example.org' },
	});
	assert.equal(json.status, 202);
	assert.equal(json.json.received, true);
});

test('requests are limited per address and per client', async () => {
	const u = await addUser(srv, { role: 'reviewer' });
	// Per address: three an hour, from any clients.
	for (let i = 0; i < 3; i++)
		assert.equal((await forgot(u.email, newAddr())).status, 303);
	const r = await forgot(u.email, newAddr());
	assert.equal(r.status, 429);
	assert.ok(Number(r.headers.get('retry-after')) >= 1);
	// Per client: twenty an hour, whatever the addresses.
	const headers = newAddr();
	for (let i = 0; i < 20; i++)
		assert.equal((await forgot(`someone${i}-${process.pid}@example.org`, headers)).status, 303);
	assert.equal((await forgot(`one-more-${process.pid}@example.org`, headers)).status, 429);
	assert.equal((await forgot(`one-more-${process.pid}@example.org`, newAddr())).status, 303);
});

test('a registrant verifies their address before they can write', async () => {
	const name = `Verified Org ${process.pid}`;
	const p = await registerPartner(srv, { org_name: name }, { verify: false });
	const id = await actorId(srv, name, 'requested');
	const reviewer = (await signedIn(srv, { role: 'reviewer' })).client;
	const d = await reviewer.request(`/admin/actors/${id}/decision`, {
		method: 'POST', form: { csrf_token: csrfFrom((await reviewer.get('/admin')).text), decision: 'accredit' },
	});
	assert.equal(d.status, 303);
	const c = new Client(srv);
	assert.equal((await c.signIn(p.email, p.password)).status, 303);
	const account = await c.get('/account');
	assert.match(pageText(account.text), /Your address is not confirmed yet/);
	assert.equal((await c.get('/commitments/new')).status, 403, 'not verified: no writing');
	// The accreditation was announced, in-app and by mail.
	assert.match(pageText(account.text), new RegExp(`${name} is now accredited`));
	await smtp.waitFor((x) => to(p.email)(x) && /Your accreditation on Pacte/.test(x.subject), 'decision mail');
	const m = await smtp.waitFor((x) => to(p.email)(x) && /Confirm your address/.test(x.subject));
	const link = linkIn(m, '/account/verify');
	const form = await c.get(link);
	assert.equal(form.status, 200);
	const v = await c.request('/account/verify', {
		method: 'POST', form: { csrf_token: csrfFrom(form.text), token: new URL(link, srv.base).searchParams.get('token') },
	});
	assert.equal(v.status, 303);
	assert.equal((await c.get('/commitments/new')).status, 200, 'verified: may write');
	assert.equal((await new Client(srv).get(link)).status, 404, 'the link is spent');
});

test('a declined applicant is told why, on the account page and by mail', async () => {
	const name = `Declined Org ${process.pid}`;
	const p = await registerPartner(srv, { org_name: name });
	const id = await actorId(srv, name, 'requested');
	const reviewer = (await signedIn(srv, { role: 'reviewer' })).client;
	const d = await reviewer.request(`/admin/actors/${id}/decision`, {
		method: 'POST', form: { csrf_token: csrfFrom((await reviewer.get('/admin')).text),
			decision: 'decline', reason: 'Not an organisation working on migration' },
	});
	assert.equal(d.status, 303);
	const c = new Client(srv);
	assert.equal((await c.signIn(p.email, p.password)).status, 303);
	const text = pageText((await c.get('/account')).text);
	assert.match(text, /Reason given\s*Not an organisation working on migration/);
	assert.match(text, /was declined\. The reason given: Not an organisation working on migration/);
	const m = await smtp.waitFor((x) => to(p.email)(x) && /Your accreditation/.test(x.subject));
	assert.match(m.text, /was declined/);
	assert.match(m.text, /The reason given: Not an organisation working on migration/);
	// Still not public.
	assert.equal((await new Client(srv).get(`/actors/${id}`)).status, 404);
});
