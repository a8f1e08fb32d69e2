// commitments — a focal point's walk in headless Chromium: sign in, record a
// commitment through the form, report progress twice, and see objective 7's
// page change. At every step: no console errors, no serious or critical
// axe-core findings, one <h1>, and a screenshot in build/screenshots/ for a
// human to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, addUser, ROOT } from '../http/lib.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = path.join(ROOT, 'build/screenshots');
const AXE_JS = path.join(ROOT, 'node_modules/axe-core/axe.min.js');
const STEP_MS = 30000;
const TITLE = 'Train 300 consular officers in the protection of migrants';

let srv, context, page, profile, axeSource, focal;
const problems = [];

before(async () => {
	srv = await startServer();
	focal = await addUser(srv, { role: 'focal_point', actor: 'MAR', name: 'Amina Focal' });
	await mkdir(SHOTS, { recursive: true });
	axeSource = await readFile(AXE_JS, 'utf8');
	profile = await mkdtemp(path.join(os.tmpdir(), 'pacte-chromium-'));
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
	await context.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) => {
			console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
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
}, { timeout: 180000 });

after(async () => {
	await context?.close();
	if (profile)
		await rm(profile, { recursive: true, force: true });
	await srv?.stop();
}, { timeout: 60000 });

async function axe(name) {
	if (!await page.evaluate(() => typeof window.axe !== 'undefined'))
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

// The checks every step ends with; `allow` names a status the page itself
// answered on purpose (a form sent back with errors: 422).
async function step(name, { allow } = {}) {
	await page.waitForLoadState('load');
	if (allow) {
		const own = (p) => p.includes(` ${allow} for ${page.url()}`) || p.includes(`status of ${allow} `);
		const rest = problems.filter((p) => !own(p));
		problems.splice(0, problems.length, ...rest);
	}
	await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
	const minor = await axe(name);
	if (minor.length)
		console.log(`# ${name}: minor axe findings: ${minor.map((v) => `${v.id} (${v.impact})`).join(', ')}`);
	assert.deepEqual(problems.splice(0), [], `${name}: the page reported problems`);
	assert.equal(await page.locator('h1').count(), 1, `${name}: one <h1>`);
}

const body = () => page.locator('body').innerText();

async function submit(button) {
	await Promise.all([page.waitForNavigation(), page.locator(button).first().click()]);
}

test('a focal point records a commitment, reports progress, and the objective page follows',
	{ timeout: 300000 }, async (t) => {
		await t.test('objective 7 has no commitment yet: no empty section', async () => {
			await page.goto(srv.base + 'objectives/7');
			assert.equal(await page.locator('#standing-h').count(), 0);
			await step('c01-objective-7-before');
		});

		await t.test('sign in as the focal point of Morocco', async () => {
			await page.goto(srv.base + 'account/login?next=/commitments/new');
			await page.fill('#email', focal.email);
			await page.fill('#password', focal.password);
			await submit('form button[type="submit"]');
			assert.equal(new URL(page.url()).pathname, '/commitments/new');
			assert.match(await body(), /On behalf of Morocco/);
			await step('c02-new-commitment-form');
		});

		await t.test('a form sent without an objective comes back with the message beside it', async () => {
			await page.fill('#title', TITLE);
			await page.selectOption('#level', 'national');
			await page.selectOption('#form', 'human_resources');
			await submit('form.commitment-form button[type="submit"]');
			assert.match(await body(), /There is a problem/);
			assert.equal(await page.locator('#objectives-error').count(), 1);
			assert.equal(await page.inputValue('#title'), TITLE, 'what was typed is kept');
			await step('c03-form-with-error', { allow: 422 });
		});

		await t.test('record the commitment', async () => {
			await page.check('#objective-7');
			await page.check('#objective-21');
			await page.selectOption('#countries', ['MAR']);
			await page.fill('#start_date', '2025-01-01');
			await page.fill('#target_date', '2030-12-31');
			await page.fill('#description', 'Consular staff in **twelve** countries learn to *protect* migrants in distress.');
			await page.fill('#deliverables', '300 consular officers trained\n12 consulates with a focal person');
			await page.locator('input[name="indicator_name"]').first().fill('Officers trained');
			await page.locator('input[name="indicator_unit"]').first().fill('people');
			await page.locator('input[name="indicator_baseline"]').first().fill('0');
			await page.locator('input[name="indicator_target"]').first().fill('300');
			await submit('form.commitment-form button[type="submit"]');
			assert.match(new URL(page.url()).pathname, /^\/commitments\/\d+$/);
			assert.equal(await page.locator('h1').innerText(), TITLE);
			const text = await body();
			assert.match(text, /Planned/);
			assert.match(text, /It passes the SMART test/);
			assert.match(text, /No progress has been reported yet/);
			await step('c04-commitment-recorded');
		});

		await t.test('first progress update', async () => {
			await submit('a.button-link[href$="/progress"]');
			assert.match(await page.locator('h1').innerText(), /Report progress/);
			await page.selectOption('#status', 'in_progress');
			await page.fill('#percent', '40');
			await page.fill('#milestone', 'Training curriculum adopted');
			await page.fill('#narrative', 'The first **120** officers were trained in Rabat.');
			await page.locator('input[name="indicator_value"]').first().fill('120');
			await page.fill('#evidence', 'https://example.org/training-report');
			await step('c05-progress-form');
			await submit('form.progress-form button[type="submit"]');
			assert.match(page.url(), /#update-\d+$/);
			const text = await body();
			assert.match(text, /In progress/);
			assert.match(text, /Training curriculum adopted/);
			await step('c06-after-first-update');
		});

		await t.test('second progress update: achieved', async () => {
			await submit('a.button-link[href$="/progress"]');
			await page.selectOption('#status', 'achieved');
			await page.fill('#percent', '100');
			await page.fill('#narrative', 'All 300 officers are trained.');
			await page.locator('input[name="indicator_value"]').first().fill('300');
			await submit('form.progress-form button[type="submit"]');
			assert.equal(await page.locator('ol.timeline > li').count(), 2);
			assert.match(await page.locator('.badges').first().innerText(), /Achieved/);
			await step('c07-after-second-update');
		});

		await t.test('objective 7 now shows where its commitments stand', async () => {
			await page.goto(srv.base + 'objectives/7');
			assert.equal(await page.locator('#standing-h').count(), 1);
			const achieved = page.locator('.standing-table tr', { hasText: 'Achieved' }).locator('td');
			assert.equal(await achieved.innerText(), '1');
			const text = await body();
			assert.match(text, /100%/, 'the share achieved');
			assert.match(text, new RegExp(TITLE));
			assert.match(text, /Latest progress updates/);
			await step('c08-objective-7-after');
		});

		await t.test('the list finds it with filters, on a phone', async () => {
			await page.setViewportSize({ width: 360, height: 740 });
			await page.goto(srv.base + 'commitments');
			await page.selectOption('#objective', '7');
			await page.selectOption('#status', 'achieved');
			await submit('form.filters button[type="submit"]');
			const url = new URL(page.url());
			assert.equal(url.searchParams.get('objective'), '7');
			assert.equal(await page.locator('.commitment-card').count(), 1);
			const overflow = await page.evaluate(() =>
				document.documentElement.scrollWidth - document.documentElement.clientWidth);
			assert.ok(overflow <= 1, `no horizontal scrolling on a phone (${overflow}px too wide)`);
			await step('c09-list-filtered-phone');
		});
	});
