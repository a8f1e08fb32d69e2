// search_fr — found in French without the accents (issue 13): a focal
// point submits a practice written in French through the form, two
// reviewers on the roster approve it, and a reader of the French site
// types "integration" (no accent) into the search and finds the practice
// titled with « intégration », and finds it again through a word of its
// summary in another form ("travailleuse" for « travailleuses »). At every
// step: the checks of lib.mjs (console, CSP, statuses, axe-core, one <h1>).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addUser, person } from '../http/lib.mjs';
import { useBrowser } from './lib.mjs';

const TITLE = 'Guichets d’intégration pour les travailleuses migrantes';

let srv, page, submitter, reviewers;
const b = useBrowser(async (h) => {
	({ srv, page } = h);
	submitter = await addUser(srv, { role: 'focal_point', actor: 'MAR', name: 'Samira Focal' });
	reviewers = [await addUser(srv, { role: 'focal_point', actor: 'SEN', name: 'Awa Reviewer' }),
		await addUser(srv, { role: 'reviewer', name: 'Lucie Reviewer' })];
	const admin = await person(srv, 'admin');
	for (const r of reviewers) {
		const res = await admin.api('POST', '/review/roster', { email: r.email });
		assert.equal(res.status, 200, res.text);
	}
});
const { step, click, body } = b;

async function signIn(user, next) {
	await page.goto(srv.base + `account/login?next=${next}`);
	await page.fill('#email', user.email);
	await page.fill('#password', user.password);
	await click('form button[type="submit"]');
	assert.equal(new URL(page.url()).pathname, next);
}

async function signOut() {
	await click('form[action="/account/logout"] button');
}

// Types words into the French search page and answers the results' titles.
async function searchFr(words) {
	await page.goto(srv.base + 'search?lang=fr');
	await page.fill('#q', words);
	await click('form.search button[type="submit"]');
	return page.locator('ol.search-results h2').allInnerTexts();
}

test('a practice written in French, published after review, is found by "integration"',
	{ timeout: 300000 }, async (t) => {
		let url;
		await t.test('the submitter writes it in French and submits it', async () => {
			await signIn(submitter, '/practices/new');
			await page.fill('#title', TITLE);
			await page.selectOption('#lang', 'fr');
			await page.fill('#summary', 'Des guichets où les travailleuses migrantes trouvent '
				+ 'un accompagnement vers l’emploi et la formation.');
			await page.fill('#start_year', '2021');
			await page.selectOption('#level', 'local');
			await page.selectOption('#type', 'programme');
			await page.selectOption('#countries', ['MAR']);
			await page.check('#objectives-16');
			await click('form.practice-form button[type="submit"]');
			url = new URL(page.url()).pathname;
			assert.match(url, /^\/practices\/\d+$/);
			await click(`form[action="${url}/submit"] button`);
			assert.match(await body(), /Submitted/);
			await step('f01-submitted');
			await signOut();
		});

		// Not public yet: the search never shows a practice under review.
		await t.test('under review, nobody finds it', async () => {
			assert.deepEqual(await searchFr('integration'), []);
			await page.goto(srv.base + '?lang=en');   // the reviewers' steps read English
		});

		for (const i of [0, 1]) {
			await t.test(`reviewer ${i + 1} declares no conflict and approves`, async () => {
				await signIn(reviewers[i], '/review');
				await click(page.getByRole('link', { name: TITLE }));
				await click(`form[action="${url}/declare"] button`);
				await page.check('#decision-approve');
				await click(`form[action="${url}/decide"] button`);
				assert.match(await body(), i === 0 ? /In review/ : /Published/);
				await signOut();
			});
		}

		await t.test('a French reader types "integration" without its accent and finds it', async () => {
			const titles = await searchFr('integration');
			assert.ok(titles.includes(TITLE), `found: ${JSON.stringify(titles)}`);
			assert.equal(await b.lang(), 'fr');
			assert.match(await page.locator('ol.search-results mark').first().innerText(), /intégration/i,
				'the hit is marked in the excerpt');
			await step('f02-found-without-accent');
			await click(page.getByRole('link', { name: TITLE }));
			assert.equal(new URL(page.url()).pathname, url);
			await step('f03-the-practice');
		});

		await t.test('another form of a word of its summary finds it too', async () => {
			assert.ok((await searchFr('travailleuse Integration')).includes(TITLE));
		});

		await t.test('the list of practices finds it by the same word', async () => {
			await page.goto(srv.base + 'practices');
			await page.fill('#q', 'integration');
			await click('form.filters button[type="submit"]');
			assert.equal(await page.getByRole('link', { name: TITLE }).count(), 1);
			await step('f04-practices-q');
		});
	});
