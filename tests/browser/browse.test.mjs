// browse — a person's walk through the site in headless Chromium: home,
// switch to French, an objective, a country found with the search form.
// At every step: the visible text, and the checks of lib.mjs (no console
// errors, no CSP violations, no serious or critical axe-core findings, a
// screenshot in build/screenshots/ for a human to look at).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './lib.mjs';

let srv, page, context;
const b = useBrowser((h) => {
	({ srv, page, context } = h);
});
const { step, click: follow, h1, lang, onPhone } = b;

test('a visitor reads the Compact in French and finds a country', { timeout: 240000 }, async (t) => {
	await t.test('home page, in English', async () => {
		const r = await page.goto(srv.base);
		assert.equal(r.status(), 200);
		assert.equal(await lang(), 'en');
		const body = await page.locator('body').innerText();
		assert.match(body, /Global Compact/);
		assert.match(body, /Marrakech/);
		await step('01-home-en');
	});

	await t.test('switch to French with the language switcher', async () => {
		const fr = page.locator('a[hreflang="fr"], a[href*="lang=fr"]');
		assert.ok(await fr.count() > 0, 'a link to the French version');
		await follow(fr);
		assert.equal(await lang(), 'fr');
		const body = await page.locator('body').innerText();
		assert.match(body, /Pacte mondial/);
		const cookies = await context.cookies(srv.base);
		assert.ok(cookies.some((c) => c.name === 'lang' && c.value === 'fr'), 'the choice is remembered');
		await step('02-home-fr');
	});

	await t.test('the objectives page, still in French', async () => {
		await follow(page.locator('a[href="/objectives"], a[href^="/objectives?"]'));
		assert.equal(new URL(page.url()).pathname, '/objectives');
		assert.equal(await lang(), 'fr');
		assert.equal(await page.locator('a[href^="/objectives/"]').count() >= 23, true,
			'links to the 23 objectives');
		await step('03-objectives-fr');
	});

	await t.test('open objective 1', async () => {
		await follow(page.locator('a[href="/objectives/1"], a[href^="/objectives/1?"]'));
		assert.equal(new URL(page.url()).pathname, '/objectives/1');
		assert.match(await h1(), /Collecter et utiliser des données précises/);
		assert.equal(await lang(), 'fr');
		await step('04-objective-1-fr');
	});

	await t.test('search the countries page for Maroc', async () => {
		await follow(page.locator('a[href="/countries"], a[href^="/countries?"]'));
		assert.equal(new URL(page.url()).pathname, '/countries');
		const q = page.locator('form input[name="q"]');
		await q.fill('maroc');
		await Promise.all([page.waitForNavigation(), q.press('Enter')]);
		assert.equal(new URL(page.url()).searchParams.get('q'), 'maroc');
		const hit = page.locator('a[href="/countries/MAR"], a[href^="/countries/MAR?"]');
		assert.ok(await hit.count() > 0, 'Morocco is found');
		assert.equal(await page.locator('a[href="/countries/FRA"]').count(), 0, 'France is not');
		await step('05-countries-search-fr');
	});

	await t.test('open Morocco', async () => {
		await follow(page.locator('a[href="/countries/MAR"], a[href^="/countries/MAR?"]'));
		assert.equal(new URL(page.url()).pathname, '/countries/MAR');
		assert.match(await h1(), /Maroc/);
		const body = await page.locator('body').innerText();
		assert.match(body, /Afrique du Nord/);
		assert.equal(await lang(), 'fr');
		await step('06-country-mar-fr');
	});

	await t.test('back to English on a small phone screen', async () => {
		await onPhone(async () => {
			await follow(page.locator('a[hreflang="en"], a[href*="lang=en"]'));
			assert.equal(await lang(), 'en');
			assert.match(await h1(), /Morocco/);
			await step('07-country-mar-en-phone');
		});
	});
});
