// keyboard — the journeys of issue 17 with the keyboard alone, in headless
// Chromium: switch language, sign in, record a commitment, report progress,
// search. Every field is reached with Tab (never clicked nor focused by
// script), at every stop the focus must be visible (an outline or a ring),
// and on the longest form Tab goes past every control to the page's end:
// nothing traps it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addUser } from '../http/lib.mjs';
import { useBrowser } from './lib.mjs';

const TITLE = 'Open two help desks for migrant workers at the border';

let srv, page, focal;
const b = useBrowser(async (h) => {
	({ srv, page } = h);
	focal = await addUser(srv, { role: 'focal_point', actor: 'MAR', name: 'Karim Clavier' });
});

// What the focused element is, and whether a person can see where the focus
// is: an outline, a ring (box-shadow) or, inside the map's SVG, the stroke
// the stylesheet gives a focused state.
async function focused() {
	return page.evaluate(() => {
		const e = document.activeElement;
		if (!e || e === document.body)
			return { none: true };
		const s = getComputedStyle(e);
		const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
		const r = e.getBoundingClientRect();
		return {
			what: `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.getAttribute('href') ? `[href="${e.getAttribute('href')}"]` : ''}`,
			visible: (ring || !!e.closest('svg')) && r.width > 0 && r.height > 0,
		};
	});
}

// Presses Tab until the focus is on selector (at most max presses),
// asserting at each stop that the focus can be seen.
async function tabTo(selector, max = 250) {
	for (let i = 0; i < max; i++) {
		await page.keyboard.press('Tab');
		const f = await focused();
		if (f.none)
			continue;
		assert.ok(f.visible, `the focus on ${f.what} can be seen`);
		if (await page.evaluate((sel) => document.activeElement?.matches(sel), selector))
			return;
	}
	assert.fail(`Tab never reached ${selector} in ${max} presses`);
}

// Presses Enter on the focused element and waits for the page it leads to.
async function enter() {
	await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

test('the journeys with the keyboard alone, the focus always visible, never trapped', { timeout: 300000 }, async (t) => {
	await t.test('switch language', async () => {
		await page.goto(srv.base);
		await tabTo('a[hreflang="fr"]');
		await enter();
		assert.equal(await b.lang(), 'fr');
		await tabTo('a[hreflang="en"]');
		await enter();
		assert.equal(await b.lang(), 'en');
	});

	await t.test('sign in', async () => {
		await page.goto(srv.url('/account/login?next=/commitments/new'));
		await tabTo('#email');
		await page.keyboard.type(focal.email);
		await tabTo('#password');
		await page.keyboard.type(focal.password);
		await enter();
		assert.equal(new URL(page.url()).pathname, '/commitments/new');
	});

	await t.test('the commitment form: Tab goes past every control to the end of the page', async () => {
		const last = await page.evaluate(() => {
			const all = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')]
				.filter((e) => !e.disabled && e.getClientRects().length > 0);
			const e = all[all.length - 1];
			e.dataset.lastStop = '1';
			return all.length;
		});
		await tabTo('[data-last-stop]', last + 20);
		await page.goto(srv.url('/commitments/new'));
	});

	await t.test('record a commitment', async () => {
		await tabTo('#title');
		await page.keyboard.type(TITLE);
		await tabTo('#level');
		await page.keyboard.type('National');
		assert.equal(await page.inputValue('#level'), 'national');
		await tabTo('#form');
		await page.keyboard.press('ArrowDown');   // the first form of pledge
		assert.notEqual(await page.inputValue('#form'), '');
		await tabTo('#objective-6');
		await page.keyboard.press('Space');
		assert.ok(await page.isChecked('#objective-6'));
		await tabTo('form.commitment-form button[type="submit"]');
		await enter();
		assert.match(new URL(page.url()).pathname, /^\/commitments\/\d+$/, await b.body());
		assert.equal(await b.h1(), TITLE);
	});

	await t.test('report progress', async () => {
		await tabTo('a.button-link[href$="/progress"]');
		await enter();
		await tabTo('#percent');
		await page.keyboard.type('25');
		await tabTo('#milestone');
		await page.keyboard.type('The first help desk opened');
		await tabTo('form.progress-form button[type="submit"]');
		await enter();
		assert.match(page.url(), /#update-\d+$/);
		assert.match(await b.body(), /The first help desk opened/);
	});

	await t.test('search, and open a result', async () => {
		await page.goto(srv.base);
		await tabTo('a[href="/search"]');
		await enter();
		await tabTo('main input[name="q"]');
		await page.keyboard.type('help desks');
		await enter();
		await tabTo('.search-results a');
		await enter();
		assert.equal(await b.h1(), TITLE);
	});
});
