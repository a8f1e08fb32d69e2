// lib.mjs — the browser suite's harness: one pacte server and one headless
// Chromium page for a test file, and the checks every step of a walk ends
// with (no console errors, no failed requests or error statuses, no CSP
// violations, no serious or critical axe-core findings, a <title>, one
// <h1>, and a screenshot in build/screenshots/ for a human to look at).
//
//   import { useBrowser } from './lib.mjs';
//   let page;
//   const b = useBrowser((h) => { page = h.page; });   // before/after hooks
//   test('…', async () => { await page.goto(b.srv.base); await b.step('01-home'); });
//
// Environment: CHROMIUM (default /usr/bin/chromium), and what ../http/lib.mjs
// reads (PACTE_BIN, PACTE_TEST_DATABASE_URL).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, ROOT } from '../http/lib.mjs';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// As root on a machine with no network: no sandbox, nothing fetched in the background.
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = path.join(ROOT, 'build/screenshots');
export const AXE_JS = path.join(ROOT, 'node_modules/axe-core/axe.min.js');
const STEP_MS = 30000;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };

// Starts the server and the browser before the file's tests and stops them
// after. Returns the harness; its srv, page and context are set once the
// before hook has run, which ends with ready(harness) when given (a file's
// own set-up: node runs top-level before hooks at once, not one after the
// other, so a file must not add its own).
export function useBrowser(ready) {
	const problems = [];   // console errors, page errors, CSP violations, error statuses
	let profile, axeSource;
	const b = { srv: null, context: null, page: null };

	before(async () => {
		b.srv = await startServer();
		await mkdir(SHOTS, { recursive: true });
		axeSource = await readFile(AXE_JS, 'utf8');
		profile = await mkdtemp(path.join(os.tmpdir(), 'pacte-chromium-'));
		// A persistent context is how Playwright takes a --user-data-dir.
		b.context = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM,
			headless: true,
			args: CHROMIUM_ARGS,
			viewport: DESKTOP,
			locale: 'en-GB',
			timeout: 60000,
		});
		b.context.setDefaultTimeout(STEP_MS);
		// Report CSP violations from inside the page (DevTools-injected, so
		// the page's own CSP does not apply to this listener).
		await b.context.addInitScript(() => {
			document.addEventListener('securitypolicyviolation', (e) => {
				console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI} ` +
					`at ${e.sourceFile}:${e.lineNumber}`);
			});
		});
		const page = b.page = b.context.pages()[0] ?? await b.context.newPage();
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
		await ready?.(b);
	}, { timeout: 180000 });

	after(async () => {
		await b.context?.close();
		if (profile)
			await rm(profile, { recursive: true, force: true });
		await b.srv?.stop();
	}, { timeout: 60000 });

	// Runs axe-core in the page: fails on serious or critical findings,
	// returns every finding. Evaluated through DevTools rather than added as
	// a <script> tag, which the page's CSP rightly refuses.
	async function axe(name) {
		if (!await b.page.evaluate(() => typeof window.axe !== 'undefined'))
			await b.page.evaluate(axeSource);
		const result = await b.page.evaluate(() => window.axe.run(document, {
			runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
			resultTypes: ['violations'],
		}));
		const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
		const lines = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n` +
			v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1] ?? ''}`).join('\n'));
		assert.equal(bad.length, 0, `${name}: axe-core found:\n${lines.join('\n')}`);
		return result.violations;
	}

	// The checks every step ends with. `allow` is a status the page itself
	// answered on purpose (a form sent back with its errors: 422): what the
	// browser reported of it is no problem.
	b.step = async (name, { allow } = {}) => {
		const page = b.page;
		await page.waitForLoadState('load');
		if (allow) {
			const own = (p) => p.includes(` ${allow} for ${page.url()}`) || p.includes(`status of ${allow} `);
			problems.splice(0, problems.length, ...problems.filter((p) => !own(p)));
		}
		await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
		const minor = await axe(name);
		if (minor.length)
			console.log(`# ${name}: minor axe findings: ${minor.map((v) => `${v.id} (${v.impact})`).join(', ')}`);
		assert.deepEqual(problems.splice(0), [], `${name}: the page reported problems`);
		assert.ok((await page.title()).length > 0, `${name}: a <title>`);
		assert.equal(await page.locator('h1').count(), 1, `${name}: one <h1>`);
	};

	// Clicks the first match of target (a Locator or a CSS selector) and
	// waits for the page it leads to.
	b.click = async (target) => {
		const l = (typeof target === 'string' ? b.page.locator(target) : target).first();
		await l.scrollIntoViewIfNeeded();
		await Promise.all([b.page.waitForNavigation(), l.click()]);
	};

	b.body = () => b.page.locator('body').innerText();
	b.h1 = () => b.page.locator('h1').innerText();
	b.lang = () => b.page.locator('html').getAttribute('lang');

	// On a small phone screen: runs fn (which shows a page), asserts the page
	// needs no horizontal scrolling, and goes back to the desktop size.
	b.onPhone = async (fn) => {
		await b.page.setViewportSize(PHONE);
		try {
			await fn();
			const overflow = await b.page.evaluate(() =>
				document.documentElement.scrollWidth - document.documentElement.clientWidth);
			assert.ok(overflow <= 1, `no horizontal scrolling on a phone (${overflow}px too wide)`);
		} finally {
			await b.page.setViewportSize(DESKTOP);
		}
	};
	return b;
}
