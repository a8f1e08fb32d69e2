// 610_practices_pages — every page of the practices, their review and
// calls, as each reader sees it, in English and French, through the Nu
// HTML checker; the forms' refusals keep what was typed and name each
// field beside it; a practice's Markdown is rendered in safe mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, csrfFrom, person, vnuErrors, getJSON } from './lib.mjs';

const srv = useServer();

const valid = (extra = {}) => ({
	title: 'Pre-departure orientation for workers',
	summary: 'Two-day sessions **before** departure. <script>alert(1)</script>',
	context: 'Workers left without knowing their rights.',
	actions: '- sessions\n- a handbook',
	results: '12,000 workers a year.',
	lessons: 'Start early.',
	lang: 'en', start_year: 2018, level: 'national', type: 'programme',
	objectives: [3, 6], countries: ['SEN'], regions: ['202'],
	partners: ['Association des travailleurs migrants'], links: ['https://example.org/pdo'],
	...extra,
});

test('the practices pages are valid HTML for each reader, in English and French', async () => {
	const admin = await person(srv, 'admin');
	const sen = await person(srv, 'focal_point', 'SEN');
	const mar = await person(srv, 'focal_point', 'MAR');
	for (const p of [mar]) {
		const r = await admin.api('POST', '/review/roster', { email: p.user.email, tie_break: true });
		assert.equal(r.status, 200, r.text);
	}
	const call = await admin.api('POST', '/calls', { theme: 'Labour migration', deadline: '2099-06-30',
		objectives: [6], langs: ['en', 'fr'], description: 'Practices on *fair* recruitment.' });
	assert.equal(call.status, 201, call.text);
	const created = await sen.api('POST', '/practices/new', valid({ call_id: call.json.call.id }));
	assert.equal(created.status, 201, created.text);
	const id = created.json.practice.id;
	assert.ok(!created.json.practice.summary_html.includes('<script'), 'safe mode drops raw HTML');
	assert.equal((await sen.api('POST', `/practices/${id}/submit`)).status, 200);

	const pages = [];
	const keep = (name, r, status = 200) => {
		assert.equal(r.status, status, `${name}: ${r.text.slice(0, 400)}`);
		pages.push({ name, html: r.text });
	};
	const anon = new Client(srv);
	for (const lang of ['en', 'fr']) {
		keep(`list ${lang}`, await anon.get(`/practices?lang=${lang}`));
		keep(`calls ${lang}`, await anon.get(`/calls?lang=${lang}`));
		keep(`call ${lang}`, await anon.get(`/calls/${call.json.call.id}?lang=${lang}`));
		keep(`submitter's view ${lang}`, await sen.client.get(`/practices/${id}?lang=${lang}`));
		keep(`reviewer's view ${lang}`, await mar.client.get(`/practices/${id}?lang=${lang}`));
		keep(`new form ${lang}`, await sen.client.get(`/practices/new?lang=${lang}`));
		keep(`queue ${lang}`, await mar.client.get(`/review?lang=${lang}`));
		keep(`roster ${lang}`, await admin.client.get(`/review/roster?lang=${lang}`));
		keep(`call form ${lang}`, await admin.client.get(`/calls/new?lang=${lang}`));
	}
	// The reviewer declares and asks: the submitter sees the answer form.
	let page = await mar.client.get(`/practices/${id}`);
	let r = await mar.client.request(`/practices/${id}/declare`, {
		method: 'POST', form: { csrf_token: csrfFrom(page.text), statement: 'None.' },
	});
	assert.equal(r.status, 303, r.text.slice(0, 300));
	page = await mar.client.get(`/practices/${id}`);
	keep('decision form', page);
	keep('decision refused', await mar.client.request(`/practices/${id}/decide`, {
		method: 'POST', form: { csrf_token: csrfFrom(page.text), decision: 'changes' },
	}), 422);
	r = await mar.client.request(`/practices/${id}/decide`, {
		method: 'POST', form: { csrf_token: csrfFrom(page.text), decision: 'changes',
			comment: 'How many women took part?' },
	});
	assert.equal(r.status, 303);
	keep('answer form', await sen.client.get(`/practices/${id}?lang=fr`));
	keep('edit form', await sen.client.get(`/practices/${id}/edit`));
	// A refused form keeps what was typed.
	const form = await sen.client.get('/practices/new');
	r = await sen.client.request('/practices/new', {
		method: 'POST', form: [['csrf_token', csrfFrom(form.text)], ['title', 'Kept title'],
			['lang', 'en'], ['start_year', '2020'], ['end_year', '2010'], ['level', 'local'],
			['type', 'tool'], ['countries', 'SEN']],
	});
	keep('form refused', r, 422);
	assert.match(r.text, /value="Kept title"/);
	assert.match(r.text, /id="end_year-error"/);
	assert.match(r.text, /id="objectives-error"/);
	assert.match(r.text, /id="summary-error"/);
	keep('account with notifications', await sen.client.get('/account?lang=fr'));
	assert.match(pages.at(-1).html, /Les examinateurs ont posé des questions/);
	// The practice, once published, on the scope pages and the list.
	const json = await getJSON(srv.base, `/api/v1/practices/${id}`);
	assert.equal(json.status, 404, 'not public while changes are requested');
	assert.equal((await admin.api('POST', '/review/settings', { required_approvals: 1 })).status, 200);
	assert.equal((await sen.api('POST', `/practices/${id}/answer`, { body: 'About half.' })).status, 200);
	assert.equal((await sen.api('POST', `/practices/${id}/submit`)).status, 200);
	r = await mar.api('POST', `/practices/${id}/decide`, { decision: 'approve' });
	assert.equal(r.json.practice.status, 'published');
	for (const lang of ['en', 'fr']) {
		keep(`objective page ${lang}`, await anon.get(`/objectives/6?lang=${lang}`));
		keep(`region page ${lang}`, await anon.get(`/regions/202?lang=${lang}`));
		keep(`published ${lang}`, await anon.get(`/practices/${id}?lang=${lang}`));
		keep(`list with one ${lang}`, await anon.get(`/practices?lang=${lang}&objective=6`));
	}
	assert.match(pages.at(-1).html, /Pre-departure orientation/);
	keep('feed', await anon.get('/feeds/practices.atom'));
	pages.pop();   // the feed is Atom, not HTML
	assert.deepEqual(await vnuErrors(pages), []);
});
