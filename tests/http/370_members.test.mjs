// 370_members — an organisation manages its members (issue 18, item 3):
// a state's focal point invites a colleague by e-mail (a real SMTP
// server), the link makes their account once and never again; an address
// already a member is refused; members are listed and removed; the last
// focal point cannot leave; a person of another actor joins with their own
// account and chooses which one they act for; nobody else manages them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, signedIn, csrfFrom, pageText, vnuErrors } from './lib.mjs';
import { useMailServer, sentTo, linkIn } from './smtp.mjs';

const env = useMailServer();

async function actorOf(client) {
	return (await client.get('/api/v1/account')).json.actor.id;
}

function invite(client, actor, email, role) {
	return client.submit(`/actors/${actor}/members`, `/actors/${actor}/members/invite`, { email, role });
}

// Opens the invitation's link and posts its form with fields.
async function accept(client, link, fields = {}) {
	const form = await client.get(link);
	if (form.status !== 200)
		return form;
	return client.request('/invitations/accept', {
		method: 'POST',
		form: { csrf_token: csrfFrom(form.text), token: new URL(link, env.srv.base).searchParams.get('token'), ...fields },
	});
}

test('invite, accept once, list, remove; the last focal point stays', async () => {
	const { client: fp, user: fpUser } = await signedIn(env.srv, { role: 'focal_point', actor: 'SEN' });
	const actor = await actorOf(fp);
	const email = `colleague-${process.pid}@example.org`;
	let r = await invite(fp, actor, email, 'focal_point');
	assert.equal(r.status, 303, r.text.slice(0, 400));
	const m = await env.smtp.waitFor((x) => sentTo(email)(x) && /invited to join/.test(x.subject), 'invitation');
	const link = linkIn(m, '/invitations/accept');
	// The form says what for; a new person chooses a name and a password.
	const page = await new Client(env.srv).get(link);
	assert.equal(page.status, 200);
	assert.match(pageText(page.text), /Senegal/);
	const newcomer = new Client(env.srv);
	r = await accept(newcomer, link, { name: 'New Colleague', password: 'short', password_confirm: 'short' });
	assert.equal(r.status, 422, 'a short password is refused');
	r = await accept(newcomer, link, { name: 'New Colleague', password: 'a long enough password', password_confirm: 'a long enough password' });
	assert.equal(r.status, 303, r.text.slice(0, 400));
	// Used once: never again; a forged one is the same answer.
	assert.equal((await new Client(env.srv).get(link)).status, 404);
	assert.equal((await new Client(env.srv).get('/invitations/accept?token=' + 'B'.repeat(43))).status, 404);
	// The new account signs in, verified, acting for the state.
	const colleague = new Client(env.srv);
	assert.equal((await colleague.signIn(email, 'a long enough password')).status, 303);
	const acc = (await colleague.get('/api/v1/account')).json;
	assert.equal(acc.actor.id, actor);
	assert.equal(acc.unverified, false);
	// Inviting a member again is refused, with a message on the field.
	r = await invite(fp, actor, email.toUpperCase(), 'focal_point');
	assert.equal(r.status, 422);
	assert.match(pageText(r.text), /already a member of this organisation/);
	// The list shows both; the colleague is removed, then signed out.
	const list = (await fp.get(`/api/v1/actors/${actor}/members`)).json;
	const ids = list.members.map((x) => x.id).sort();
	assert.deepEqual(ids, [fpUser.id, acc.user.id].sort());
	r = await fp.submit(`/actors/${actor}/members`, `/actors/${actor}/members/${acc.user.id}/remove`, {});
	assert.equal(r.status, 303);
	assert.equal((await colleague.get('/account')).status, 303, 'no organisation left: signed out');
	// The last focal point cannot remove themselves.
	r = await fp.submit(`/actors/${actor}/members`, `/actors/${actor}/members/${fpUser.id}/remove`, {});
	assert.equal(r.status, 409);
	assert.match(pageText(r.text), /last editor/);
	// The audit trail says who joined and who was removed.
	const admin = (await signedIn(env.srv, { role: 'admin' })).client;
	const audit = await admin.get(`/admin/audit?object_type=actor&object_id=${actor}`,
		{ headers: { accept: 'application/json' } });
	const actions = audit.json.entries.map((e) => e.action);
	assert.ok(actions.includes('member.join') && actions.includes('member.remove'), actions.join());
});

test('a person of another actor joins with their account and chooses whom they act for', async () => {
	const { client: fp } = await signedIn(env.srv, { role: 'focal_point', actor: 'GHA' });
	const actor = await actorOf(fp);
	const { client: other, user } = await signedIn(env.srv, { role: 'reviewer' });
	const home = await actorOf(other);
	assert.equal((await invite(fp, actor, user.email, 'focal_point')).status, 303);
	const m = await env.smtp.waitFor((x) => sentTo(user.email)(x) && /invited to join/.test(x.subject), 'invitation');
	const link = linkIn(m, '/invitations/accept');
	// Signed in as someone else (or nobody): refused, the link kept.
	assert.equal((await accept(fp, link)).status, 403);
	assert.equal((await accept(other, link)).status, 303);
	const acc = (await other.get('/api/v1/account')).json;
	assert.equal(acc.memberships.length, 2);
	assert.equal(acc.actor.id, home, 'still acting for their own actor');
	let r = await other.submit('/account', '/account/act-for', { actor: String(actor) });
	assert.equal(r.status, 303);
	const now = (await other.get('/api/v1/account')).json;
	assert.equal(now.actor.id, actor);
	assert.equal(now.user.role, 'focal_point');
	// Not a member: 404.
	r = await other.submit('/account', '/account/act-for', { actor: '999999' });
	assert.equal(r.status, 404);
});

test('only the actor\'s editors (and administrators) manage its members', async () => {
	const { client: fp } = await signedIn(env.srv, { role: 'focal_point', actor: 'MLI' });
	const actor = await actorOf(fp);
	const reviewer = (await signedIn(env.srv, { role: 'reviewer' })).client;
	assert.equal((await reviewer.get(`/actors/${actor}/members`)).status, 403);
	const stranger = (await signedIn(env.srv, { role: 'focal_point', actor: 'NER' })).client;
	assert.equal((await stranger.get(`/actors/${actor}/members`)).status, 403);
	const token = csrfFrom((await stranger.get('/account')).text);
	const r = await stranger.request(`/actors/${actor}/members/invite`, {
		method: 'POST', form: { csrf_token: token, email: 'x@example.org', role: 'focal_point' },
	});
	assert.equal(r.status, 403);
	// A focal point gives its state's role only, never a staff one.
	const staff = await invite(fp, actor, `staff-${process.pid}@example.org`, 'admin');
	assert.equal(staff.status, 422);
	// Header injection in the address never reaches the mail server.
	const inj = await invite(fp, actor, 'a@example.org\r\nBcc: b@example.org', 'focal_point');
	assert.equal(inj.status, 422);
	const admin = (await signedIn(env.srv, { role: 'admin' })).client;
	assert.equal((await admin.get(`/actors/${actor}/members`)).status, 200);
});

test('the new pages are valid HTML', { timeout: 300000 }, async () => {
	const { client: fp } = await signedIn(env.srv, { role: 'focal_point', actor: 'BFA' });
	const actor = await actorOf(fp);
	const email = `html-${process.pid}@example.org`;
	assert.equal((await invite(fp, actor, email, 'focal_point')).status, 303);
	const m = await env.smtp.waitFor((x) => sentTo(email)(x) && /invited to join/.test(x.subject), 'invitation');
	const admin = (await signedIn(env.srv, { role: 'admin' })).client;
	const pages = [];
	for (const [name, client, path] of [
		['members', fp, `/actors/${actor}/members`], ['invitation', new Client(env.srv), linkIn(m, '/invitations/accept')],
		['account', fp, '/account'], ['data', fp, '/account/data'], ['delete', fp, '/account/delete'],
		['email', fp, '/account/email'], ['users', admin, '/admin/users?role=focal_point'],
	]) {
		const r = await client.get(path);
		assert.equal(r.status, 200, path);
		pages.push({ name, html: r.text });
	}
	assert.deepEqual(await vnuErrors(pages), []);
});

