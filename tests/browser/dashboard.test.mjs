// dashboard — the dashboard, the maps and the indicators in headless
// Chromium, on demo data: every page passes lib.mjs's checks (console, CSP,
// statuses, axe-core with no serious or critical finding, one <h1>); the
// charts are inline SVG without script; a state on the map is a link that
// leads to its page; the charts' tables open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runPacte, dbArgs, assertCleanExit } from '../http/lib.mjs';
import { useBrowser } from './lib.mjs';

let srv, page;
const b = useBrowser(async (h) => {
	({ srv, page } = h);
	assertCleanExit(await runPacte(['demo', '--scale', '80', ...dbArgs(srv.dir)]), 'pacte demo');
});
const { step, click } = b;

test('the dashboard, the maps and the indicators, accessible', { timeout: 300000 }, async () => {
	await page.goto(srv.base + 'dashboard');
	await step('dashboard');
	// objectives, freshness, quarters, practices and needs (by objective, by
	// region), assessed, practices, needs and assessments by quarter
	assert.equal(await page.locator('svg.chart-svg').count(), 7);
	assert.equal(await page.locator('script').count(), 0, 'no script');
	// The data behind a chart, one click away.
	await page.locator('details.chart-data summary').first().click();
	assert.ok(await page.locator('details.chart-data table').first().isVisible());
	// A state on the map is a link to its page.
	await click('svg.map-svg a[href="/countries/MAR"]');
	assert.equal(new URL(page.url()).pathname, '/countries/MAR');
	await step('country-with-map');
	assert.equal(await page.locator('svg.map-svg a[aria-current="page"]').count(), 1);

	await page.goto(srv.base + 'dashboard?lang=fr');
	await step('dashboard-fr');
	// The map's measure chosen with the form, no script.
	await page.selectOption('#map-measure', 'active');
	await click('form[action="/dashboard#map-h"] button');
	assert.equal(new URL(page.url()).searchParams.get('measure'), 'active');
	await step('dashboard-map-active');
	assert.match(await page.locator('h1').innerText(), /Tableau de bord/);
	await page.goto(srv.base + 'regions/002');
	await step('region-with-map');
	await page.goto(srv.base + 'objectives/7');
	await step('objective-with-map');

	await page.goto(srv.base + 'indicators');
	await step('indicators');
	await click('a[href="/indicators/SDG_10_C_1"]');
	await step('indicator');
	// Its map by country: each state with a value leads to its series.
	assert.equal(await page.locator('svg.map-svg').count(), 1);
	await click('section[aria-labelledby="countries-h"] > table a[href^="/indicators/SDG_10_C_1/"]');
	await step('indicator-series');
	assert.equal(await page.locator('svg.chart-svg').count(), 1);
});

// With the stylesheet gone (a reader's own styles, a text browser, a print
// without CSS), the charts and the map still say everything: each SVG keeps
// its size, every bar and state its colour (attributes, not CSS), every
// number its text; the tables are there.
test('the charts and the map are readable with CSS off', { timeout: 120000 }, async () => {
	await page.goto(srv.base + 'dashboard');
	await page.evaluate(() => {
		for (const l of document.querySelectorAll('link[rel="stylesheet"], style'))
			l.remove();
	});
	const found = await page.evaluate(() => {
		const svgs = [...document.querySelectorAll('svg.chart-svg, svg.map-svg')];
		return {
			svgs: svgs.length,
			sized: svgs.filter((s) => { const b = s.getBoundingClientRect(); return b.width > 100 && b.height > 50; }).length,
			bars: document.querySelectorAll('svg.chart-svg rect[width]').length,
			unfilled: [...document.querySelectorAll('svg.chart-svg rect, svg.map-svg path, svg.map-svg circle')]
				.filter((e) => !e.getAttribute('fill')).length,
			numbers: [...document.querySelectorAll('svg.chart-svg text')]
				.filter((t) => /\d/.test(t.textContent) && t.getAttribute('fill') !== 'none').length,
			tables: document.querySelectorAll('table').length,
		};
	});
	await step('dashboard-css-off');
	assert.ok(found.svgs >= 7, `charts and the map: ${found.svgs}`);
	assert.equal(found.sized, found.svgs, 'every SVG keeps a readable size');
	assert.ok(found.bars > 20, `bars: ${found.bars}`);
	assert.equal(found.unfilled, 0, 'every bar and state has its colour as an attribute');
	assert.ok(found.numbers > 20, `numbers written in the charts: ${found.numbers}`);
	assert.ok(found.tables >= 7, `tables: ${found.tables}`);
});
