// browse — a person's walk through the site in headless Chromium: home,
// switch to French, an objective, a country found with the search form.
// At every step: the visible text, no console errors, no CSP violations,
// no serious or critical axe-core findings, and a screenshot in
// build/screenshots/ for a human to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, ROOT } from '../http/lib.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = path.join(ROOT, 'build/screenshots');
const AXE_JS = path.join(ROOT, 'node_modules/axe-core/axe.min.js');
const STEP_MS = 30000;

let srv, context, page, profile, axeSource;
const problems = [];   // console errors, page errors, CSP violations

before(async () => {
	srv = await startServer();
	await mkdir(SHOTS, { recursive: true });
	axeSource = await readFile(AXE_JS, 'utf8');
	profile = await mkdtemp(path.join(os.tmpdir(), 'pacte-chromium-'));
	// A persistent context is how Playwright takes a --user-data-dir.
	context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
		viewport: { width: 1280, height: 900 },
		locale: 'en-GB',
		timeout: 60000,
	});
	context.setDefaultTimeout(STEP_MS);
	// Report CSP violations from inside the page (DevTools-injected, so the
	// page's own CSP does not apply to this listener).
	await context.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) => {
			console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI} ` +
				`at ${e.sourceFile}:${e.lineNumber}`);
		});
	});
	page = context.pages()[0] ?? await context.newPage();
	page.on('console', (m) => {
		if (m.type() === 'error')
			problems.push(`${page.url()}: console: ${m.text()}`);
	});
	page.on('pageerror', (e) => problems.push(`${page.url()}: uncaught: ${e.message}`));
	page.on('requestfailed', (r) => problems.push(`${page.url()}: request failed: ${r.url()}`));
	page.on('response', (r) => {
		if (r.status() >= 400)
			problems.push(`${page.url()}: ${r.status()} for ${r.url()}`);
	});
}, { timeout: 120000 });

after(async () => {
	await context?.close();
	if (profile)
		await rm(profile, { recursive: true, force: true });
	await srv?.stop();
}, { timeout: 60000 });

// Runs axe-core in the page. Evaluated through DevTools rather than added
// as a <script> tag, which the page's CSP rightly refuses.
async function axe(name) {
	const has = await page.evaluate(() => typeof window.axe !== 'undefined');
	if (!has)
		await page.evaluate(axeSource);
	const result = await page.evaluate(() => window.axe.run(document, {
		runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
		resultTypes: ['violations'],
	}));
	const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	const lines = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n` +
		v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1] ?? ''}`).join('\n'));
	assert.equal(bad.length, 0, `${name}: axe-core found:\n${lines.join('\n')}`);
	return result.violations;
}

// The checks every step ends with.
async function step(name) {
	await page.waitForLoadState('load');
	await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
	const minor = await axe(name);
	if (minor.length)
		console.log(`# ${name}: minor axe findings: ${minor.map((v) => `${v.id} (${v.impact})`).join(', ')}`);
	const seen = problems.splice(0);
	assert.deepEqual(seen, [], `${name}: the page reported problems`);
	const title = await page.title();
	assert.ok(title.length > 0, `${name}: a <title>`);
	assert.equal(await page.locator('h1').count(), 1, `${name}: one <h1>`);
}

const lang = () => page.locator('html').getAttribute('lang');
const h1 = () => page.locator('h1').innerText();

// Follows an in-page link and waits for the new page.
async function follow(link) {
	await link.first().scrollIntoViewIfNeeded();
	await Promise.all([page.waitForNavigation(), link.first().click()]);
}

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
		await page.setViewportSize({ width: 360, height: 740 });
		await follow(page.locator('a[hreflang="en"], a[href*="lang=en"]'));
		assert.equal(await lang(), 'en');
		assert.match(await h1(), /Morocco/);
		const overflow = await page.evaluate(() =>
			document.documentElement.scrollWidth - document.documentElement.clientWidth);
		assert.ok(overflow <= 1, `no horizontal scrolling on a phone (${overflow}px too wide)`);
		await step('07-country-mar-en-phone');
	});
});
