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
	// region), assessed
	assert.equal(await page.locator('svg.chart-svg').count(), 6);
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
