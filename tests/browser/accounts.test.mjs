// accounts — a partner's way in, in headless Chromium: an organisation asks
// for accreditation through the form (a mistake first, corrected), a
// reviewer (made with the CLI) signs in and accredits it at /admin, signs
// out, and the partner signs in and sees its organisation accredited. At
// every step: the checks of lib.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addUser } from '../http/lib.mjs';
import { useBrowser } from './lib.mjs';

const ORG = 'Association Horizons Migrants';
const PARTNER = { name: 'Amina Diallo', email: 'amina@horizons.example.org', password: 'sunrise over the harbour' };

let srv, page;
const b = useBrowser((h) => {
	({ srv, page } = h);
});
const { step, click: submit, body, h1, onPhone } = b;

async function signIn(email, password) {
	await page.goto(srv.url('/account/login'));
	await page.getByLabel('Email address').fill(email);
	await page.getByLabel('Password', { exact: true }).fill(password);
	await submit(page.locator('main button[type="submit"]'));
}

async function signOut() {
	await submit(page.getByRole('button', { name: 'Sign out' }));
	assert.equal(new URL(page.url()).pathname, '/account/login');
	assert.match(await body(), /You have signed out/);
}

test('a partner registers, a reviewer accredits it, the partner sees it', { timeout: 300000 }, async (t) => {
	await t.test('the sign-in link leads to the registration form', async () => {
		await page.goto(srv.base);
		await submit(page.getByRole('link', { name: 'Sign in' }));
		assert.equal(await h1(), 'Sign in');
		await step('11-sign-in');
		await submit(page.getByRole('link', { name: 'Ask for accreditation' }));
		assert.equal(new URL(page.url()).pathname, '/account/register');
		await step('12-register-form');
	});

	await t.test('a mistake is pointed out beside its field, with the input kept', async () => {
		await page.getByLabel('Name of the organisation').fill(ORG);
		await page.getByLabel('Kind of organisation').selectOption({ label: "Migrants' organisation" });
		await page.getByLabel('Country').selectOption({ label: 'Senegal' });
		await page.getByLabel(/Website/).fill('https://horizons.example.org');
		await page.getByLabel(/What the organisation does/).fill('Legal help and French classes for newcomers in Dakar.');
		await page.getByLabel('Your name').fill(PARTNER.name);
		await page.getByLabel('Email address').fill(PARTNER.email);
		await page.getByLabel('Password', { exact: true }).fill('short');
		await page.getByLabel('Password again').fill('short');
		await submit(page.getByRole('button', { name: 'Send the request' }));
		assert.match(await body(), /There is a problem/);
		const pw = page.getByLabel('Password', { exact: true });
		assert.equal(await pw.getAttribute('aria-invalid'), 'true');
		const described = await pw.getAttribute('aria-describedby');
		assert.match(described, /password-error/);
		assert.match(await page.locator('#password-error').innerText(), /at least 10 characters/i);
		assert.equal(await page.getByLabel('Name of the organisation').inputValue(), ORG, 'the input is kept');
		assert.equal(await page.getByLabel('Country').inputValue(), 'SEN');
		assert.equal(await pw.inputValue(), '', 'a password is never sent back');
		await step('13-register-error', { allow: 422 });
	});

	await t.test('corrected, the request is sent', async () => {
		await page.getByLabel('Password', { exact: true }).fill(PARTNER.password);
		await page.getByLabel('Password again').fill(PARTNER.password);
		await submit(page.getByRole('button', { name: 'Send the request' }));
		assert.equal(new URL(page.url()).pathname, '/account/login');
		assert.match(await body(), /request for accreditation has been received/);
		await step('14-registered');
	});

	await t.test('signed in while pending, the partner is told it cannot publish yet', async () => {
		await signIn(PARTNER.email, PARTNER.password);
		assert.equal(new URL(page.url()).pathname, '/account');
		assert.match(await body(), /accreditation is pending: you can sign in but not publish yet/);
		assert.match(await body(), /Accreditation requested/);
		await step('15-account-pending');
		await signOut();
	});

	await t.test('a reviewer signs in and accredits it at /admin', async () => {
		const reviewer = await addUser(srv, { role: 'reviewer', name: 'Rita Reviewer', password: 'the reviewer passphrase' });
		await signIn(reviewer.email, reviewer.password);
		await submit(page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Administration' }));
		assert.equal(new URL(page.url()).pathname, '/admin');
		const request = page.locator('.requests > li', { hasText: ORG });
		assert.equal(await request.count(), 1, 'the request is listed');
		assert.match(await request.innerText(), new RegExp(PARTNER.email.replace(/\./g, '\\.')));
		await step('16-admin-pending');
		await submit(request.getByRole('button', { name: 'Accredit' }));
		assert.equal(new URL(page.url()).pathname, '/admin');
		assert.equal(await page.locator('.requests > li', { hasText: ORG }).count(), 0, 'no longer waiting');
		await step('17-admin-done');
	});

	await t.test('the reviewer sees the organisation\'s page and its history', async () => {
		await page.goto(srv.url('/actors?kind=partner'));
		await step('18-actors');
		await submit(page.getByRole('link', { name: ORG }));
		assert.equal(await h1(), ORG);
		assert.match(await body(), /Accredited/);
		assert.match(await body(), /actor\.decide/);
		await step('19-actor-reviewer');
		await signOut();
	});

	await t.test('the partner signs in and sees the organisation accredited', async () => {
		await signIn(PARTNER.email, PARTNER.password);
		const text = await body();
		assert.doesNotMatch(text, /accreditation is pending/);
		assert.match(text, new RegExp(ORG));
		assert.match(await page.locator('dl.facts').innerText(), /Accreditation\s+Accredited/);
		await step('20-account-accredited');
	});

	await t.test('the partner creates an API token, shown once', async () => {
		await page.getByLabel('Label of a new token').fill('reporting script');
		await submit(page.getByRole('button', { name: 'Create a token' }));
		const token = await page.locator('#new-token').inputValue();
		assert.match(token, /^[A-Za-z0-9_-]{43}$/);
		await step('21-token-created');
		const r = await fetch(srv.url('/api/v1/account'), { headers: { authorization: `Bearer ${token}` } });
		assert.equal(r.status, 200);
		assert.equal((await r.json()).user.email, PARTNER.email);
	});

	await t.test('on a small phone screen the account page fits', async () => {
		await onPhone(async () => {
			await page.goto(srv.url('/account'));
			await step('22-account-phone');
		});
	});
});
