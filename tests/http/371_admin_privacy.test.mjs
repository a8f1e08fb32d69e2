// 371_admin_privacy — administration on the web and a person's privacy
// (issue 18, items 2, 4 and 7): /admin/users searched, filtered and paged,
// a role changed (audited) and refused when it does not fit; a change of
// address confirmed at the new address and announced at the old one (a
// real SMTP server); a person's name shown only when they choose; the
// personal data download holds what the page says and nothing more; an
// account deleted keeps its records attributed to its actor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
	Client, signedIn, person, csrfFrom, pageText, runPacte, dbArgs, assertCleanExit,
} from './lib.mjs';
import { useMailServer, sentTo, linkIn } from './smtp.mjs';

const env = useMailServer();
const json = { headers: { accept: 'application/json' } };

test('/admin/users: search, filters, pages; a role changed and audited', async () => {
	const admin = (await signedIn(env.srv, { role: 'admin' })).client;
	const { user: fp } = await signedIn(env.srv, { role: 'focal_point', actor: 'MAR' });
	let r = await admin.get(`/admin/users?q=${encodeURIComponent(fp.email.slice(0, 14).toUpperCase())}`, json);
	assert.equal(r.status, 200);
	assert.deepEqual(r.json.users.map((u) => u.id), [fp.id]);
	assert.equal(r.json.page, 1);
	r = await admin.get('/admin/users?role=focal_point&state=active', json);
	assert.ok(r.json.users.every((u) => u.role === 'focal_point' && !u.disabled));
	assert.ok(r.json.users.some((u) => u.id === fp.id));
	r = await admin.get(`/admin/users?actor=${r.json.users.find((u) => u.id === fp.id).actor.id}`, json);
	assert.ok(r.json.users.some((u) => u.id === fp.id));
	assert.equal((await admin.get('/admin/users?state=sleeping', json)).status, 400);
	assert.equal((await admin.get('/admin/users?page=0', json)).status, 400);
	r = await admin.get('/admin/users?page=99', json);
	assert.equal(r.json.users.length, 0);
	// A focal point belongs to a state: an editor's role does not fit it.
	r = await admin.submit('/admin/users', `/admin/users/${fp.id}/role`, { role: 'editor' });
	assert.equal(r.status, 422);
	r = await admin.submit('/admin/users', `/admin/users/${fp.id}/role`, { role: 'reviewer' });
	assert.equal(r.status, 303);
	r = await admin.get(`/admin/users?q=${encodeURIComponent(fp.email)}`, json);
	assert.equal(r.json.users[0].role, 'reviewer');
	assert.equal((await admin.submit('/admin/users', `/admin/users/${fp.id}/role`, { role: 'reviewer' })).status, 409);
	const audit = await admin.get(`/admin/audit?object_type=user&object_id=${fp.id}`, json);
	assert.ok(audit.json.entries.some((e) => e.action === 'user.role'));
	// Nobody else may.
	const reviewer = (await signedIn(env.srv, { role: 'reviewer' })).client;
	assert.equal((await reviewer.get('/admin/users')).status, 403);
	const token = csrfFrom((await reviewer.get('/account')).text);
	r = await reviewer.request(`/admin/users/${fp.id}/role`, { method: 'POST', form: { csrf_token: token, role: 'admin' } });
	assert.equal(r.status, 403);
});

test('the console calls the same functions: role, disable, enable, invite', async () => {
	const { user } = await signedIn(env.srv, { role: 'reviewer' });
	let r = await runPacte(['user', 'role', ...dbArgs(env.srv.dir), user.email, '--role', 'admin']);
	assertCleanExit(r, 'pacte user role');
	r = await runPacte(['user', 'role', ...dbArgs(env.srv.dir), user.email, '--role', 'focal_point']);
	assert.equal(r.code, 1);
	assert.match(r.stderr, /A focal point belongs to a state/);
	assertCleanExit(await runPacte(['user', 'disable', ...dbArgs(env.srv.dir), String(user.id)]), 'disable');
	assert.equal((await new Client(env.srv).signIn(user.email, user.password)).status, 403);
	assertCleanExit(await runPacte(['user', 'enable', ...dbArgs(env.srv.dir), String(user.id)]), 'enable');
	assert.equal((await new Client(env.srv).signIn(user.email, user.password)).status, 303);
	const email = `console-invite-${process.pid}@example.org`;
	r = await runPacte(['user', 'invite', ...dbArgs(env.srv.dir), '--email', email, '--role', 'focal_point', '--actor', 'SEN']);
	assertCleanExit(r, 'pacte user invite');
	await env.smtp.waitFor((x) => sentTo(email)(x) && /invited to join/.test(x.subject), 'invitation');
	const admin = (await signedIn(env.srv, { role: 'admin' })).client;
	const audit = (await admin.get(`/admin/audit?object_type=user&object_id=${user.id}`, json)).json;
	const actions = audit.entries.map((e) => e.action);
	for (const a of ['user.role', 'user.disable', 'user.enable'])
		assert.ok(actions.includes(a), a);
});

test('a change of address: confirmed at the new one, announced at the old one', async () => {
	const { client, user } = await signedIn(env.srv, { role: 'reviewer' });
	const fresh = `moved-${process.pid}@example.org`;
	let r = await client.submit('/account/email', '/account/email', { email: fresh, password: 'wrong password' });
	assert.equal(r.status, 422);
	r = await client.submit('/account/email', '/account/email', { email: fresh, password: user.password });
	assert.equal(r.status, 303, r.text.slice(0, 400));
	const m = await env.smtp.waitFor((x) => sentTo(fresh)(x) && /Confirm your new address/.test(x.subject), 'confirmation');
	const link = linkIn(m, '/account/email/confirm');
	// Nothing changed yet.
	assert.equal((await new Client(env.srv).signIn(user.email, user.password)).status, 303);
	const opener = new Client(env.srv);
	const form = await opener.get(link);
	assert.equal(form.status, 200);
	r = await opener.request('/account/email/confirm', {
		method: 'POST', form: { csrf_token: csrfFrom(form.text), token: new URL(link, env.srv.base).searchParams.get('token') },
	});
	assert.equal(r.status, 303);
	assert.equal((await new Client(env.srv).get(link)).status, 404, 'once only');
	await env.smtp.waitFor((x) => sentTo(user.email)(x) && /address of your Pacte account was changed/.test(x.subject), 'notice');
	assert.equal((await new Client(env.srv).signIn(user.email, user.password)).status, 401);
	assert.equal((await new Client(env.srv).signIn(fresh, user.password)).status, 303);
});

test('privacy: the name only when chosen, the data download, deleting an account', async () => {
	const mar = await person(env.srv, 'focal_point', 'TUN');
	const c = (await mar.api('POST', '/commitments', {
		title: 'Privacy pledge', lang: 'en', objectives: [7], level: 'national', countries: ['TUN'],
		kind: 'individual', form: 'policy',
	})).json.commitment;
	assert.equal((await mar.api('POST', c.url + '/progress', { status: 'in_progress', narrative: 'Under way.' })).status, 201);
	let page = (await new Client(env.srv).get('/api/v1' + c.url)).json;
	assert.ok(!JSON.stringify(page).includes(mar.user.name), 'not shown by default');
	assert.equal((await mar.client.submit('/account', '/account/name', { show_name: '1' })).status, 303);
	page = (await new Client(env.srv).get('/api/v1' + c.url)).json;
	assert.equal(page.updates[0].person, mar.user.name, 'shown once chosen');
	// Everything held, in the sections the page names, and nothing secret.
	const data = (await mar.client.get('/api/v1/account/data')).json;
	assert.deepEqual(Object.keys(data), ['account', 'memberships', 'sessions', 'api_tokens',
		'notifications', 'mail', 'activity', 'written']);
	assert.equal(data.account.email, mar.user.email);
	assert.equal(data.account.show_name, true);
	assert.equal(data.written.progress_updates.length, 1);
	assert.ok(data.activity.some((e) => e.action === 'commitment.create'));
	assert.equal(data.api_tokens.length, 1);
	const text = JSON.stringify(data);
	for (const secret of ['password_hash', 'token_hash', 'csrf', '$argon2'])
		assert.ok(!text.includes(secret), secret);
	const html = await mar.client.get('/account/data');
	assert.match(pageText(html.text), /Download your data/);
	// Deleting: the password first; then gone, its work kept under its actor.
	let r = await mar.client.submit('/account/delete', '/account/delete', { password: 'not it at all' });
	assert.equal(r.status, 422);
	r = await mar.client.submit('/account/delete', '/account/delete', { password: mar.user.password });
	assert.equal(r.status, 303);
	assert.equal((await mar.client.get('/account')).status, 303, 'signed out');
	assert.equal((await new Client(env.srv).signIn(mar.user.email, mar.user.password)).status, 401);
	page = (await new Client(env.srv).get('/api/v1' + c.url)).json;
	assert.equal(page.updates[0].reported_by.name, 'Tunisia');
	assert.equal(page.updates[0].person, null);
	const admin = (await signedIn(env.srv, { role: 'admin' })).client;
	const list = (await admin.get(`/admin/users?q=${encodeURIComponent(mar.user.email)}`, json)).json;
	assert.equal(list.count, 0);
	const audit = (await admin.get(`/admin/audit?object_type=user&object_id=${mar.user.id}`, json)).json;
	const del = audit.entries.find((e) => e.action === 'user.delete');
	assert.ok(del, 'audited');
	assert.ok(!JSON.stringify(del).includes(mar.user.email));
});
