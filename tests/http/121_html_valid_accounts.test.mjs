// 121_html_valid_accounts — the account, actor and administration pages, in
// their states (empty, with errors, with a new token, pending requests),
// in English and French, through the Nu HTML Checker: zero errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, signedIn, registerPartner, actorId, vnuErrors } from './lib.mjs';

const srv = useServer();

test('account, actor and admin pages are valid HTML', { timeout: 300000 }, async () => {
	const pages = [];
	const keep = (name, r, status) => {
		assert.equal(r.status, status, `${name}: ${r.text.slice(0, 300)}`);
		assert.match(r.headers.get('content-type'), /^text\/html\b/, name);
		pages.push({ name, html: r.text });
	};
	const anon = new Client(srv);
	for (const lang of ['en', 'fr']) {
		keep(`login ${lang}`, await anon.get(`/account/login?lang=${lang}`), 200);
		keep(`login notice ${lang}`, await anon.get(`/account/login?registered=1&lang=${lang}`), 200);
		keep(`register ${lang}`, await anon.get(`/account/register?lang=${lang}`), 200);
		keep(`actors ${lang}`, await anon.get(`/actors?lang=${lang}`), 200);
		keep(`actors filtered ${lang}`, await anon.get(`/actors?kind=state&country=MAR&lang=${lang}`), 200);
	}
	keep('login refused', await anon.signIn('nobody@example.org', 'wrong password'), 401);
	keep('register refused', await anon.submit('/account/register', '/account/register',
		{ org_name: '', email: 'bad', password: 'short' }), 422);
	keep('actors none', await anon.get('/actors?q=zzzzqqqq'), 200);
	keep('actors bad filter', await anon.get('/actors?type=nope'), 400);
	keep('actor state', await anon.get(`/actors/${await actorId(srv, 'Morocco')}`), 200);
	keep('actor missing', await anon.get('/actors/999999'), 404);

	const p = await registerPartner(srv, { org_name: 'Valid HTML Org', description: 'Line one.\nLine two.' });
	const partnerId = await actorId(srv, 'Valid HTML Org', 'requested');
	const partner = new Client(srv);
	await partner.signIn(p.email, p.password);
	keep('account pending partner', await partner.get('/account'), 200);
	keep('home pending partner', await partner.get('/'), 200);
	keep('admin refused', await partner.get('/admin'), 403);

	const { client: admin } = await signedIn(srv, { role: 'admin' });
	keep('account admin', await admin.get('/account?lang=fr'), 200);
	keep('token created', await admin.submit('/account', '/account/tokens', { label: 'valid' }), 201);
	keep('account with token', await admin.get('/account'), 200);
	keep('password refused', await admin.submit('/account', '/account/password',
		{ current_password: 'x', new_password: 'y', new_password_confirm: 'z' }), 422);
	keep('admin pending', await admin.get('/admin'), 200);
	keep('admin pending fr', await admin.get('/admin?lang=fr'), 200);
	keep('decision refused', await admin.submit('/admin', `/admin/actors/${partnerId}/decision`,
		{ decision: 'decline', reason: '' }), 422);
	keep('actor with history', await admin.get(`/actors/${partnerId}`), 200);
	keep('audit', await admin.get('/admin/audit'), 200);
	keep('audit fr', await admin.get('/admin/audit?lang=fr'), 200);
	keep('audit empty', await admin.get('/admin/audit?from=2000-01-01&to=2000-01-01'), 200);
	keep('users', await admin.get('/admin/users'), 200);

	const errors = await vnuErrors(pages);
	assert.equal(errors.length, 0, `${errors.length} HTML error(s):\n${errors.join('\n')}`);
});
