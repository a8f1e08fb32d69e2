// practices — a good practice's way in headless Chromium: a focal point
// submits one through the form (a refusal first, what was typed kept),
// two reviewers on the roster declare no conflict and approve it from
// their queue, and it is published for everyone. At every step: the
// checks of lib.mjs (console, CSP, statuses, axe-core, one <h1>).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addUser, person } from '../http/lib.mjs';
import { useBrowser } from './lib.mjs';

const TITLE = 'Pre-departure orientation for domestic workers';

let srv, page, submitter, reviewers;
const b = useBrowser(async (h) => {
	({ srv, page } = h);
	submitter = await addUser(srv, { role: 'focal_point', actor: 'MAR', name: 'Amina Focal' });
	reviewers = [await addUser(srv, { role: 'focal_point', actor: 'SEN', name: 'Moussa Reviewer' }),
		await addUser(srv, { role: 'reviewer', name: 'Rosa Reviewer' })];
	const admin = await person(srv, 'admin');
	for (const r of reviewers) {
		const res = await admin.api('POST', '/review/roster', { email: r.email });
		assert.equal(res.status, 200, res.text);
	}
});
const { step, click: submit, body } = b;

async function signIn(user, next) {
	await page.goto(srv.base + `account/login?next=${next}`);
	await page.fill('#email', user.email);
	await page.fill('#password', user.password);
	await submit('form button[type="submit"]');
	assert.equal(new URL(page.url()).pathname, next);
}

async function signOut() {
	await submit('form[action="/account/logout"] button');
}

test('a focal point submits a practice, two reviewers approve it, it is published',
	{ timeout: 300000 }, async (t) => {
		let url;
		await t.test('the submitter opens the form', async () => {
			await signIn(submitter, '/practices/new');
			assert.match(await body(), /On behalf of Morocco/);
			await step('p01-new-practice-form');
		});

		await t.test('a form without objective nor summary comes back with the messages', async () => {
			await page.fill('#title', TITLE);
			await page.fill('#start_year', '2019');
			await page.selectOption('#level', 'national');
			await page.selectOption('#type', 'programme');
			await page.selectOption('#countries', ['MAR']);
			await submit('form.practice-form button[type="submit"]');
			assert.match(await body(), /There is a problem/);
			assert.equal(await page.locator('#objectives-error').count(), 1);
			assert.equal(await page.locator('#summary-error').count(), 1);
			assert.equal(await page.inputValue('#title'), TITLE, 'what was typed is kept');
			await step('p02-form-with-errors', { allow: 422 });
		});

		await t.test('the draft is saved and submitted for review', async () => {
			await page.fill('#summary', 'Two-day sessions **before** departure, in Arabic and French.');
			await page.fill('#results', '4,000 workers a year; complaints abroad fell by a third.');
			await page.check('#objectives-3');
			await page.check('#objectives-6');
			await submit('form.practice-form button[type="submit"]');
			url = new URL(page.url()).pathname;
			assert.match(url, /^\/practices\/\d+$/);
			assert.match(await body(), /Draft/);
			await step('p03-draft');
			await submit(`form[action="${url}/submit"] button`);
			assert.match(await body(), /Submitted/);
			await step('p04-submitted');
			await signOut();
		});

		for (const [i, reviewer] of [[0, 'first'], [1, 'second']]) {
			await t.test(`the ${reviewer} reviewer declares no conflict and approves`, async () => {
				await signIn(reviewers[i], '/review');
				assert.match(await body(), new RegExp(TITLE));
				await step(`p05-queue-${i}`);
				await submit(page.getByRole('link', { name: TITLE }));
				await submit(`form[action="${url}/declare"] button`);
				await page.check('#decision-approve');
				await step(`p06-decide-${i}`);
				await submit(`form[action="${url}/decide"] button`);
				assert.match(await body(), i === 0 ? /In review/ : /Published/);
				await signOut();
			});
		}

		await t.test('anyone finds it published', async () => {
			await page.goto(srv.base + 'practices');
			await submit(page.getByRole('link', { name: TITLE }));
			assert.equal(new URL(page.url()).pathname, url);
			assert.match(await body(), /Shared by Morocco/);
			assert.doesNotMatch(await body(), /Peer review/, 'the review is for those who take part');
			await step('p07-published');
			await page.goto(srv.base + 'objectives/6');
			assert.match(await body(), new RegExp(TITLE));
		});
	});
