// 362_admin_users — an administrator disables and re-enables an account
// from /admin/users: the account's sessions end, it cannot sign in, then
// can again; each change is audited; anyone else is refused (403).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, signedIn, addUser, csrfFrom } from './lib.mjs';

const srv = useServer();

async function post(client, path) {
	const token = csrfFrom((await client.get('/admin/users')).text);
	return client.request(path, { method: 'POST', form: { csrf_token: token } });
}

test('disable and re-enable from /admin/users, audited, administrators only', async () => {
	const admin = (await signedIn(srv, { role: 'admin' })).client;
	const { client: victim, user } = await signedIn(srv, { role: 'reviewer' });
	const page = await admin.get('/admin/users');
	assert.match(page.text, new RegExp(`action="/admin/users/${user.id}/disable"`));
	let r = await post(admin, `/admin/users/${user.id}/disable`);
	assert.equal(r.status, 303);
	assert.equal((await victim.get('/account')).status, 303, 'its session ended');
	assert.equal((await new Client(srv).signIn(user.email, user.password)).status, 403);
	assert.equal((await post(admin, `/admin/users/${user.id}/disable`)).status, 409);
	assert.match((await admin.get('/admin/users')).text, new RegExp(`action="/admin/users/${user.id}/enable"`));
	r = await post(admin, `/admin/users/${user.id}/enable`);
	assert.equal(r.status, 303);
	assert.equal((await new Client(srv).signIn(user.email, user.password)).status, 303);
	assert.equal((await post(admin, `/admin/users/${user.id}/enable`)).status, 409);
	assert.equal((await post(admin, '/admin/users/999999/disable')).status, 404);
	const audit = await admin.get(`/admin/audit?object_type=user&object_id=${user.id}`,
		{ headers: { accept: 'application/json' } });
	const actions = audit.json.entries.map((e) => e.action);
	assert.ok(actions.includes('user.disable') && actions.includes('user.enable'), actions.join());
	// A reviewer may not: refused, and the refusal audited.
	const other = await addUser(srv, { role: 'reviewer' });
	const reviewer = (await signedIn(srv, { role: 'reviewer' })).client;
	const token = csrfFrom((await reviewer.get('/account')).text);
	const denied = await reviewer.request(`/admin/users/${other.id}/disable`,
		{ method: 'POST', form: { csrf_token: token } });
	assert.equal(denied.status, 403);
	assert.equal((await new Client(srv).signIn(other.email, other.password)).status, 303);
});
