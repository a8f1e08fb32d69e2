// commitments — a focal point's walk in headless Chromium: sign in, record a
// commitment through the form, report progress twice, and see objective 7's
// page change. At every step: the checks of lib.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addUser } from '../http/lib.mjs';
import { useBrowser } from './lib.mjs';

const TITLE = 'Train 300 consular officers in the protection of migrants';

let srv, page, focal;
const b = useBrowser(async (h) => {
	({ srv, page } = h);
	focal = await addUser(srv, { role: 'focal_point', actor: 'MAR', name: 'Amina Focal' });
});
const { step, click: submit, body, onPhone } = b;

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
			await onPhone(async () => {
				await page.goto(srv.base + 'commitments');
				await page.selectOption('#objective', '7');
				await page.selectOption('#status', 'achieved');
				await submit('form.filters button[type="submit"]');
				const url = new URL(page.url());
				assert.equal(url.searchParams.get('objective'), '7');
				assert.equal(await page.locator('.commitment-card').count(), 1);
				await step('c09-list-filtered-phone');
			});
		});
	});
