// hub — the connection hub in headless Chromium: a focal point posts a
// need through the form (a refusal first), a reviewer accepts it, a
// partner's offer is suggested with its reasons in words, the focal point
// proposes the match, the partner accepts it, and the partnership appears
// on both actors' pages. At every step: the checks of lib.mjs (console,
// CSP, statuses, axe-core, one <h1>).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, actorId, addUser, apiAs, assertCleanExit, dbArgs, person, registerPartner,
	runPacte, tokenOf } from '../http/lib.mjs';
import { useBrowser } from './lib.mjs';

const NEED = 'Training for labour inspectors in the Oriental region';
const OFFER = 'Fair recruitment training of trainers';

let srv, page, focal, partner, partnerId, marId, reviewer;
const b = useBrowser(async (h) => {
	({ srv, page } = h);
	focal = await addUser(srv, { role: 'focal_point', actor: 'MAR', name: 'Amina Focal' });
	reviewer = await person(srv, 'reviewer');
	// A partner, accredited, with an accepted offer.
	partner = await registerPartner(srv, { org_type: 'civil_society' });
	partnerId = await actorId(srv, partner.name, 'requested');
	assertCleanExit(await runPacte(['actor', 'decide', String(partnerId), 'accredit',
		...dbArgs(srv.dir)]), 'pacte actor decide');
	const client = new Client(srv);
	assert.equal((await client.signIn(partner.email, partner.password)).status, 303);
	const api = apiAs(srv, await tokenOf(client));
	const offer = await api('POST', '/hub/offers', { title: OFFER, description: 'Ten trainers.',
		support: 'training', objectives: [6], countries: ['MAR'], languages: ['fr'] });
	assert.equal(offer.status, 201, offer.text);
	const ok = await reviewer.api('POST', offer.headers.get('location') + '/assess',
		{ decision: 'accept' });
	assert.equal(ok.status, 200, ok.text);
	marId = (await new Client(srv).get('/api/v1/actors?kind=state&q=Morocco')).json.actors[0].id;
});
const { step, click: submit, body } = b;

async function signIn(user, next) {
	await page.goto(srv.base + `account/login?next=${next}`);
	await page.fill('#email', user.email);
	await page.fill('#password', user.password);
	await submit('form button[type="submit"]');
	assert.equal(new URL(page.url()).pathname, next);
}

async function signOut() {
	await submit('form[action="/account/logout"] button');
}

test('a focal point posts a need, a partner\'s offer is suggested, both accept, the partnership appears',
	{ timeout: 300000 }, async (t) => {
		let url;
		await t.test('the focal point opens the need form and is told what is missing', async () => {
			await signIn(focal, '/hub/needs/new');
			assert.match(await body(), /On behalf of Morocco/);
			await page.fill('#title', NEED);
			await page.selectOption('#countries', ['MAR']);
			await submit('form.hub-form button[type="submit"]');
			assert.match(await body(), /There is a problem/);
			assert.equal(await page.locator('#objectives-error').count(), 1);
			assert.equal(await page.inputValue('#title'), NEED, 'what was typed is kept');
			await step('h01-need-form-with-errors', { allow: 422 });
		});

		await t.test('the need is submitted for assessment', async () => {
			await page.fill('#description', 'Two weeks on **fair recruitment** for 120 inspectors.');
			await page.selectOption('#support', 'training');
			await page.check('#objectives-6');
			await page.check('#languages-fr');
			await submit('form.hub-form button[type="submit"]');
			url = new URL(page.url()).pathname;
			assert.match(url, /^\/hub\/needs\/\d+$/);
			assert.match(await body(), /Submitted/);
			await step('h02-need-submitted');
		});

		await t.test('accepted by a reviewer, the partner\'s offer is suggested with its reasons', async () => {
			const r = await reviewer.api('POST', url + '/assess', { decision: 'accept', notes: 'Clear.' });
			assert.equal(r.status, 200, r.text);
			await page.goto(srv.base + url.slice(1));
			const text = await body();
			assert.match(text, new RegExp(OFFER));
			assert.match(text, /same objective 6/);
			assert.match(text, /offers Training/);
			assert.match(text, /works in Morocco/);
			await step('h03-suggestions');
			await submit(`form[action="${url}/propose"] button`);
			assert.match(await body(), /Need's side: agreed · Offer's side: not yet/);
			await step('h04-proposed');
			await signOut();
		});

		await t.test('the partner accepts; the match is made and the partnership starts', async () => {
			await signIn(partner, '/hub');
			await page.goto(srv.base + url.slice(1));
			await submit(page.getByRole('button', { name: 'Accept the match' }));
			const text = await body();
			assert.match(text, /Matched/);
			assert.match(text, /Need's side: agreed · Offer's side: agreed/);
			await step('h05-matched');
			await submit(page.getByRole('link', { name: 'The partnership' }));
			assert.match(new URL(page.url()).pathname, /^\/partnerships\/\d+$/);
			assert.match(await body(), new RegExp(partner.name));
			await step('h06-partnership');
		});

		await t.test('the partnership is on both actors\' pages', async () => {
			for (const id of [marId, partnerId]) {
				await page.goto(srv.base + `actors/${id}`);
				const text = await body();
				assert.match(text, /Partnerships/);
				assert.match(text, new RegExp(NEED));
			}
			await step('h07-actor-page');
		});
	});
