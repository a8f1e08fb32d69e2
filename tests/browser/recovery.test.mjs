// recovery — a forgotten password, in headless Chromium: from the sign-in
// page to "Forgot your password?", the request answered the same whatever
// the address, the link (read from the outbox an administrator sees: this
// server has no mail server) opens the new password's form, a mistake
// first, then the new password signs in. At every step: the checks of
// lib.mjs (axe-core, no console errors, one <h1>).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addUser, signedIn } from '../http/lib.mjs';
import { useBrowser } from './lib.mjs';

let srv, page;
const b = useBrowser((h) => {
	({ srv, page } = h);
});
const { step, click: submit, body, h1 } = b;

test('a forgotten password, from the sign-in page to signing in again', { timeout: 300000 }, async (t) => {
	const user = await addUser(srv, { role: 'reviewer', email: 'lina@example.org' });

	await t.test('the sign-in page links to the request form', async () => {
		await page.goto(srv.url('/account/login'));
		await submit(page.getByRole('link', { name: 'Forgot your password?' }));
		assert.equal(await h1(), 'Forgot your password?');
		await step('71-forgot');
	});

	await t.test('the request is answered without telling whether the address exists', async () => {
		await page.getByLabel('Email address').fill(user.email);
		await submit(page.locator('main button[type="submit"]'));
		assert.equal(new URL(page.url()).pathname, '/account/login');
		assert.match(await body(), /If this address has an account, a link to choose a new password is on its way/);
		await step('72-reset-sent');
	});

	await t.test('the mailed link opens the form; a mismatch first, then the new password', async () => {
		const admin = (await signedIn(srv, { role: 'admin' })).client;
		const q = await admin.get('/admin/mail', { headers: { accept: 'application/json' } });
		const m = q.json.messages.find((x) => x.recipient === user.email && x.template === 'reset');
		assert.ok(m, 'the reset mail is in the outbox');
		const one = await admin.get(`/admin/mail/${m.id}`, { headers: { accept: 'application/json' } });
		const link = /\/account\/reset\?token=[A-Za-z0-9_-]+/.exec(one.json.message.rendered.text)[0];
		await page.goto(srv.url(link));
		assert.equal(await h1(), 'Choose a new password');
		await step('73-reset-form');
		await page.getByLabel('New password', { exact: true }).fill('a fresh password for lina');
		await page.getByLabel('New password again').fill('not the same at all');
		await submit(page.locator('main button[type="submit"]'));
		assert.match(await body(), /The two passwords are not the same/);
		await step('74-reset-mismatch', { allow: 422 });
		await page.getByLabel('New password', { exact: true }).fill('a fresh password for lina');
		await page.getByLabel('New password again').fill('a fresh password for lina');
		await submit(page.locator('main button[type="submit"]'));
		assert.match(await body(), /Your password has been changed/);
		await step('75-reset-done');
	});

	await t.test('the new password signs in', async () => {
		await page.getByLabel('Email address').fill(user.email);
		await page.getByLabel('Password', { exact: true }).fill('a fresh password for lina');
		await submit(page.locator('main button[type="submit"]'));
		assert.equal(new URL(page.url()).pathname, '/account');
		await step('76-signed-in');
	});
});
