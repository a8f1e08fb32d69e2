// gate_pages — the accessibility and page-weight gate of issue 17: every page
// type (home, each list with a filter, each detail page, every form shown
// with its errors, search with facets, the account and admin pages) on one
// data set (`pacte demo`), in every language whose catalog po/LANG.po is
// present, loaded in one headless Chromium in a few tabs at once and
// checked with axe-core at WCAG 2.1 AA: zero violations, whatever their
// impact. Then every page as the server sent it goes through the Nu HTML
// Checker in one run (zero errors); each page weighs at most 30 KB
// compressed and the stylesheet at most 20 KB; and the pages are walked once
// more with JavaScript disabled (the site needs none: each still answers
// with its one <h1>, and a form still signs a person in).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { ROOT, startServer, runPacte, assertCleanExit, dbArgs, dropDatabase, addUser, vnuErrors } from '../http/lib.mjs';
import { CHROMIUM, CHROMIUM_ARGS, AXE_JS } from './lib.mjs';

const PAGE_BUDGET = 30 * 1024;   // a page's HTML, gzip-compressed
const STYLE_BUDGET = 20 * 1024;  // the stylesheet, gzip-compressed, cached once
const TABS = 4;                  // pages loaded at once per context
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// The languages with a catalog: a new po/LANG.po is checked as soon as it
// lands. GATE_LANGS=ar,zh narrows a run by hand to some of them.
const LANGS = process.env.GATE_LANGS?.split(',') ?? (await readdir(path.join(ROOT, 'po')))
	.filter((f) => f.endsWith('.po')).map((f) => f.slice(0, -3)).sort();

let srv, browser, axeSource, admin, dir;
const saved = [];         // {name, html}: what the server sent, for vnu
const weights = [];       // {name, bytes}: a page's HTML compressed

before(async () => {
	// One data set: demo data in the database before the server starts.
	dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-gate-'));
	assertCleanExit(await runPacte(['init', ...dbArgs(dir)]), 'pacte init');
	assertCleanExit(await runPacte(['demo', ...dbArgs(dir), '--scale', '30']), 'pacte demo');
	srv = await startServer({ dir, init: false });
	admin = await addUser(srv, { role: 'admin' });
	axeSource = await readFile(AXE_JS, 'utf8');
	browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60000 });
}, { timeout: 180000 });

after(async () => {
	await browser?.close();
	await srv?.stop();
	dropDatabase(dir);
	await rm(dir, { recursive: true, force: true });
}, { timeout: 60000 });

// The first path in the page at p matching re (a detail page to check).
async function firstLink(p, re) {
	const r = await srv.get(p);
	assert.equal(r.status, 200, `${p}: ${r.status}`);
	const m = r.text.match(new RegExp(`href="(${re.source})"`));
	assert.ok(m, `${p} links to a page like ${re}`);
	return m[1].replace(/&amp;/g, '&');
}

// Every page type a visitor reads: lists with a filter, details found from
// their lists, search with a facet, and the account forms.
let publicList;
async function publicPages() {
	if (publicList)
		return publicList;
	// A cycle with a country's review in it (not every cycle has one yet).
	const cycles = (await srv.get('/reviews')).text.match(/href="\/reviews\/[a-z0-9-]+"/g) ?? [];
	let cycle, review;
	for (const c of cycles) {
		cycle = c.slice(6, -1);
		review = (await srv.get(cycle)).text.match(/href="(\/reviews\/[a-z0-9-]+\/[A-Z]{3})"/)?.[1];
		if (review)
			break;
	}
	assert.ok(review, 'the demo data has a country\'s review');
	const commitment = await firstLink('/commitments', /\/commitments\/\d+/);
	publicList = [
		'/', '/objectives', '/objectives/1', '/principles', '/principles/people-centred',
		'/countries', '/countries?region=002', '/countries/MAR', '/countries/MAR/report', '/regions/002',
		'/dashboard', '/indicators', '/indicators/SDG_10_C_1', '/indicators/SDG_10_C_1/MAR',
		'/actors', '/actors?kind=state&q=maroc', await firstLink('/actors?kind=partner', /\/actors\/\d+/),
		'/commitments', '/commitments?objective=1&status=in_progress', commitment,
		'/progress', '/progress?objective=1&status=in_progress',
		'/practices', '/practices?objective=1&level=national', await firstLink('/practices', /\/practices\/\d+/),
		'/calls', '/reviews', cycle, `${cycle}/inputs`, review,
		'/events', await firstLink('/events', /\/events\/[a-z0-9-]+/),
		'/hub', '/hub?side=offer&objective=1', await firstLink('/hub', /\/hub\/offers\/\d+/),
		'/partnerships', '/search?q=migrants', '/search?q=migrants&kind=commitment',
		'/data', '/api', '/account/login', '/account/register', '/account/forgot',
	];
	return publicList;
}

// The pages of a signed-in administrator: account, administration, every
// form of the site empty.
async function privatePages(commitment, practice) {
	return ['/account', '/admin', '/admin/audit', '/admin/users', '/admin/mail', '/review',
		'/review/roster', '/commitments/new', '/commitments/import', `${commitment}/edit`,
		`${commitment}/progress`, '/practices/new', '/calls/new', '/hub/needs/new', `${practice}/edit`,
		'/hub/offers/new', '/indicators/import'];
}

// Forms sent empty, to be shown with their errors: [context, form page].
const ANON_FORMS = ['/account/login', '/account/register', '/account/forgot'];
// A progress update may be all but empty: its share done out of range is the error.
const ADMIN_FORMS = (commitment) => ['/commitments/new', [`${commitment}/progress`, { percent: '150' }],
	'/practices/new', '/calls/new', '/hub/needs/new', '/hub/offers/new'];

async function newContext(lang, opts = {}) {
	return browser.newContext({
		locale: lang, extraHTTPHeaders: { 'accept-language': lang }, viewport: { width: 1280, height: 900 }, ...opts,
	});
}

// A context whose every document gets axe-core as it is created, through
// DevTools like page.evaluate (the page's CSP does not apply): the 0.5 MB
// script crosses to Chromium once per context rather than once per page
// (measured: the axe pass about an eighth shorter, docs/testing.md).
async function axeContext(lang) {
	const context = await newContext(lang);
	await context.addInitScript(axeSource);
	return context;
}

async function signIn(context, who) {
	const page = await context.newPage();
	await page.goto(srv.url('/account/login'));
	await page.locator('main input[name="email"]').fill(who.email);
	await page.locator('main input[name="password"]').fill(who.password);
	await Promise.all([page.waitForNavigation(), page.locator('main button[type="submit"]').first().click()]);
	assert.equal(new URL(page.url()).pathname, '/account', `${who.email} signed in`);
	await page.close();
}

// Runs jobs ({context, name, …}) in TABS tabs at once, each tab kept for
// the next job of its context (a new tab costs more than a page load);
// collects every failure rather than stopping at the first, so one run
// shows them all.
async function pool(jobs, fn) {
	const failures = [];
	let next = 0;
	await Promise.all(Array.from({ length: Math.min(TABS, jobs.length) }, async () => {
		const tabs = new Map();
		try {
			while (next < jobs.length) {
				const job = jobs[next++];
				if (!tabs.has(job.context))
					tabs.set(job.context, await job.context.newPage());
				try {
					await fn(tabs.get(job.context), job);
				} catch (e) {
					failures.push(`${job.name}: ${e.message}`);
				}
			}
		} finally {
			for (const page of tabs.values())
				await page.close();
		}
	}));
	return failures;
}

// Loads one page (or sends its form empty) in a tab, runs axe-core and
// keeps the HTML the server sent. Colour contrast, the slowest of axe's
// rules by far, is checked in the first language only: the colours are the
// stylesheet's, the same in every language.
async function check(page, { name, url, form, fill, contrast }) {
	let r = await page.goto(srv.url(url));
	assert.ok(r.status() < 400, `status ${r.status()}`);
	if (form) {
		// The browser's own checks (required…) would stop an empty form
		// before the server sees it: the server's messages are what is checked.
		// Fields the form fills in itself (today's date…) are emptied too.
		await page.evaluate(() => {
			document.querySelectorAll('form').forEach((f) => { f.noValidate = true; });
			document.querySelectorAll('main form[method="post" i] input:not([type=hidden]):not([type=checkbox]):not([type=radio]), main form[method="post" i] textarea')
				.forEach((i) => { i.value = ''; });
		});
		for (const [field, value] of Object.entries(fill ?? {}))
			await page.locator(`main [name="${field}"]`).fill(value);
		const submit = page.locator('main form[method="post" i] button[type="submit"]:not(.link)').last();
		[r] = await Promise.all([page.waitForNavigation(), submit.click()]);
		assert.equal(r.status(), 422, `sent empty, the form is shown again with its errors (${r.status()})`);
		assert.ok(await page.locator('[aria-invalid="true"], .error-summary, [role="alert"]').count() > 0,
			'an error is shown');
	}
	const html = await r.text();
	saved.push({ name, html });
	weights.push({ name, bytes: gzipSync(html).length });
	// axe-core comes with each document (axeContext); evaluated here only
	// if it did not.
	if (!await page.evaluate(() => typeof window.axe?.run === 'function'))
		await page.evaluate(axeSource);
	const result = await page.evaluate(([tags, contrast]) => window.axe.run(document, {
		runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
		rules: contrast ? {} : { 'color-contrast': { enabled: false } },
	}), [WCAG, contrast]);
	const lines = result.violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n` +
		v.nodes.slice(0, 4).map((n) => `      ${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1] ?? ''}`).join('\n'));
	assert.equal(lines.length, 0, `axe-core:\n    ${lines.join('\n    ')}`);
	assert.equal(await page.locator('h1').count(), 1, 'one <h1>');
}

test('every page type, in every language: axe-core (WCAG 2.1 AA), the Nu HTML Checker, the weight budget, JavaScript off', { timeout: 600000 }, async (t) => {
	const pub = await publicPages();
	const commitment = pub.find((p) => /^\/commitments\/\d+$/.test(p));
	const practice = pub.find((p) => /^\/practices\/\d+$/.test(p));
	const priv = await privatePages(commitment, practice);
	const jobs = [];
	for (const lang of LANGS) {
		const contrast = lang === LANGS[0];
		const anon = await axeContext(lang);
		const signed = await axeContext(lang);
		await signIn(signed, admin);
		for (const url of pub)
			jobs.push({ context: anon, name: `${lang} ${url}`, url, contrast });
		for (const url of ANON_FORMS)
			jobs.push({ context: anon, name: `${lang} ${url} (errors)`, url, form: true, contrast });
		for (const url of priv)
			jobs.push({ context: signed, name: `${lang} ${url}`, url, contrast });
		for (const f of ADMIN_FORMS(commitment)) {
			const [url, fill] = Array.isArray(f) ? f : [f];
			jobs.push({ context: signed, name: `${lang} ${url} (errors)`, url, form: true, fill, contrast });
		}
	}
	await t.test(`axe-core: ${jobs.length} pages (${LANGS.join(', ')})`, async () => {
		const failures = await pool(jobs, check);
		assert.deepEqual(failures, [], `${failures.length} of ${jobs.length} pages fail:\n${failures.join('\n')}`);
	});

	// One JVM for every page, at work while the browser walks the pages
	// again with JavaScript off.
	const vnu = vnuErrors(saved).then((errors) => ({ errors }), (error) => ({ error }));

	await t.test('with JavaScript disabled, every page answers and a person signs in', async () => {
		const context = await newContext('en', { javaScriptEnabled: false });
		try {
			await signIn(context, admin);
			const pages = [...pub, '/account', '/admin', '/commitments/new'];
			const failures = await pool(pages.map((url) => ({ context, name: url, url })), async (page, { url }) => {
				const r = await page.goto(srv.url(url));
				assert.ok(r.status() < 400, `status ${r.status()}`);
				assert.equal(await page.locator('h1').count(), 1, 'one <h1>');
			});
			assert.deepEqual(failures, []);
		} finally {
			await context.close();
		}
	});

	// Six languages' names in the switcher once ran off a phone's screen:
	// the pages with the most in their header and their widest content.
	await t.test('at a phone\'s width, no page scrolls sideways, in any language', async () => {
		const narrow = ['/', '/countries/MAR', '/dashboard', '/commitments', '/hub'];
		const failures = [];
		for (const lang of LANGS) {
			const context = await newContext(lang, { viewport: { width: 360, height: 740 } });
			try {
				failures.push(...await pool(narrow.map((url) => ({ context, name: `${lang} ${url}`, url })),
					async (page, { url }) => {
						await page.goto(srv.url(url));
						const wide = await page.evaluate(() => document.documentElement.scrollWidth);
						assert.ok(wide <= 360, `${wide} px wide`);
					}));
			} finally {
				await context.close();
			}
		}
		assert.deepEqual(failures, []);
	});

	await t.test('the Nu HTML Checker finds no error in any page, in one run', async () => {
		assert.ok(saved.length > 0);
		const { errors, error } = await vnu;
		if (error)
			throw error;
		assert.deepEqual(errors, []);
	});

	await t.test(`each page weighs at most ${PAGE_BUDGET / 1024} KB compressed, the stylesheet ${STYLE_BUDGET / 1024} KB`, async () => {
		const heavy = weights.filter((w) => w.bytes > PAGE_BUDGET).map((w) => `${w.name}: ${w.bytes} bytes`);
		assert.deepEqual(heavy, []);
		const css = await srv.get('/static/style.css');
		assert.equal(css.status, 200);
		const bytes = gzipSync(css.text).length;
		assert.ok(bytes <= STYLE_BUDGET, `the stylesheet: ${bytes} bytes compressed`);
		const top = [...weights].sort((a, b) => b.bytes - a.bytes)[0];
		console.log(`# heaviest page: ${top.name}, ${top.bytes} bytes compressed; stylesheet ${bytes}`);
	});
});
