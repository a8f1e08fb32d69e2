// 600_practices — good practices end to end over HTTP: a focal point
// submits one; a reviewer asks a question; the submitter answers and
// resubmits; two approvals (one of a UN entity's reviewer) publish it; a
// conflicted reviewer is refused and the refusal is in the audit trail;
// the submitter never decides on their own; a split decision goes to the
// tie-break reviewer; every bad input the issue names is refused with the
// field named; the published practice is on the list, its objective's and
// country's pages and the feed; every party was told in-app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
	useServer, person, registerPartner, actorId, runPacte, dbArgs, assertCleanExit, Client,
	getJSON, csrfFrom,
} from './lib.mjs';

const srv = useServer();

const valid = (extra = {}) => ({
	title: 'One-stop centres for returning migrants',
	summary: 'Twelve centres advise **returning** migrants on work, housing and papers.',
	context: 'Many came back without any support.',
	actions: 'Centres opened in twelve regions with the municipalities.',
	results: '3,000 people advised a year; 40% found work within six months.',
	lessons: 'Work with the municipalities from the start.',
	lang: 'en',
	start_year: 2019,
	end_year: 2023,
	level: 'national',
	type: 'programme',
	objectives: [21, 7],
	principles: ['human-rights'],
	countries: ['MAR'],
	partners: ['Réseau des associations de retour'],
	links: ['https://example.org/centres'],
	...extra,
});

const fields = (r) => (r.json?.errors ?? []).map((e) => e.field).sort();

const who = {};
async function cast() {
	if (who.mar)
		return who;
	who.admin = await person(srv, 'admin');
	who.mar = await person(srv, 'focal_point', 'MAR');
	who.sen = await person(srv, 'focal_point', 'SEN');
	who.fra = await person(srv, 'focal_point', 'FRA');
	who.sec = await person(srv, 'reviewer');
	const un = await registerPartner(srv, { org_type: 'un_entity', country: 'CHE' });
	const unId = await actorId(srv, un.name, 'requested');
	assertCleanExit(await runPacte(['actor', 'decide', String(unId), 'accredit',
		...dbArgs(srv.dir)]), 'accredit the UN entity');
	who.un = await person(srv, 'editor', unId);
	for (const [p, tie] of [[who.sen, false], [who.un, false], [who.fra, true], [who.sec, false]]) {
		const r = await who.admin.api('POST', '/review/roster', { email: p.user.email, tie_break: tie });
		assert.equal(r.status, 200, r.text);
	}
	return who;
}

async function create(api, extra) {
	const r = await api('POST', '/practices/new', valid(extra));
	assert.equal(r.status, 201, r.text);
	return r.json.practice.id;
}

const step = (api, id, name, json = {}) => api('POST', `/practices/${id}/${name}`, json);

test('the roster is kept by administrators only', async () => {
	const { mar, admin, sen } = await cast();
	const r = await mar.api('POST', '/review/roster', { email: mar.user.email });
	assert.equal(r.status, 403);
	const roster = await admin.api('GET', '/review/roster');
	assert.equal(roster.status, 200);
	assert.equal(roster.json.reviewers.length, 4);
	assert.ok(roster.json.has_un, 'a UN entity reviewer is on the roster');
	assert.equal(roster.json.required_approvals, 2);
	const bad = await admin.api('POST', '/review/roster', { email: 'nobody@example.org' });
	assert.equal(bad.status, 422);
	assert.deepEqual(fields(bad), ['email']);
	const queue = await sen.api('GET', '/review');
	assert.equal(queue.status, 200);
	assert.equal((await mar.api('GET', '/review')).status, 403);
});

test('bad input is refused with each field named', async () => {
	const { mar } = await cast();
	const cases = [
		[{ title: null, summary: '' }, ['summary', 'title']],
		[{ objectives: [] }, ['objectives']],
		[{ objectives: [24] }, ['objectives']],
		[{ countries: ['XXX'] }, ['countries']],
		[{ countries: [] }, ['countries']],
		[{ start_year: 2022, end_year: 2020 }, ['end_year']],
		[{ start_year: 'soon' }, ['start_year']],
		[{ title: 'x'.repeat(301) }, ['title']],
		[{ level: 'cosmic', type: 'gossip' }, ['level', 'type']],
		[{ links: ['javascript:alert(1)'] }, ['links']],
	];
	for (const [extra, expected] of cases) {
		const r = await mar.api('POST', '/practices/new', valid(extra));
		assert.equal(r.status, 422, `${JSON.stringify(extra)}: ${r.text.slice(0, 300)}`);
		assert.deepEqual(fields(r), expected, JSON.stringify(extra));
	}
	// Invalid UTF-8 through the form: named, the form shown again.
	const page = await mar.client.get('/practices/new');
	assert.equal(page.status, 200);
	const token = csrfFrom(page.text);
	const r = await mar.client.request('/practices/new', {
		method: 'POST', form: [['csrf_token', token], ['title', { raw: 'bad%FF%FE' }],
			['summary', 'A summary'], ['lang', 'en'], ['start_year', '2020'], ['level', 'local'],
			['type', 'tool'], ['objectives', '1'], ['countries', 'MAR']],
	});
	assert.equal(r.status, 422);
	assert.match(r.text, /aria-invalid="true"/);
});

test('submit, question, answer, two approvals, publish; the submitter never decides', async () => {
	const { mar, sen, un, sec, admin } = await cast();
	const id = await create(mar.api);
	// A draft is not public; its own people find it on the list page.
	assert.equal((await getJSON(srv.base, `/api/v1/practices/${id}`)).status, 404);
	const own = await mar.api('GET', '/practices');
	assert.ok(own.json.own.some((p) => p.id === id && p.status === 'draft'));
	assert.equal((await getJSON(srv.base, '/api/v1/practices')).json.own, undefined);
	assert.equal((await step(sen.api, id, 'submit')).status, 403);
	let r = await step(mar.api, id, 'submit');
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.practice.status, 'submitted');
	// The submitter may not review their own practice: refused, audited.
	assert.equal((await step(mar.api, id, 'declare', { conflict: false })).status, 403);
	assert.equal((await step(mar.api, id, 'decide', { decision: 'approve' })).status, 403);
	// A reviewer declares, then asks.
	r = await step(sen.api, id, 'decide', { decision: 'approve' });
	assert.equal(r.status, 422);
	assert.deepEqual(fields(r), ['declaration']);
	r = await step(sen.api, id, 'declare', { conflict: false, statement: 'None.' });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.practice.status, 'in_review');
	r = await step(sen.api, id, 'decide', { decision: 'changes' });
	assert.equal(r.status, 422);
	assert.deepEqual(fields(r), ['comment']);
	r = await step(sen.api, id, 'decide', { decision: 'changes', comment: 'How many found work?' });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.practice.status, 'changes_requested');
	// The submitter answers and resubmits: the next round.
	r = await step(mar.api, id, 'answer', { body: '1,200 of the 3,000 advised in 2022.' });
	assert.equal(r.status, 200, r.text);
	r = await step(mar.api, id, 'submit');
	assert.equal(r.json.practice.status, 'in_review');
	assert.equal(r.json.practice.round, 2);
	// A conflicted reviewer: recorded, then refused and audited.
	r = await step(sec.api, id, 'declare', { conflict: true, statement: 'I advised the ministry.' });
	assert.equal(r.status, 200, r.text);
	r = await step(sec.api, id, 'decide', { decision: 'approve' });
	assert.equal(r.status, 403);
	const audit = await admin.api('GET', `/admin/audit?object_type=practice&object_id=${id}`);
	assert.equal(audit.status, 200, audit.text);
	const actions = audit.json.entries.map((e) => e.action);
	assert.ok(actions.includes('denied:practice.review'), actions.join(' '));
	assert.ok(JSON.stringify(audit.json.entries).includes('conflict_of_interest'));
	// Two approvals, one from the UN entity's reviewer: published.
	r = await step(sen.api, id, 'decide', { decision: 'approve' });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.practice.status, 'in_review');
	assert.equal((await step(un.api, id, 'declare', { conflict: false })).status, 200);
	r = await step(un.api, id, 'decide', { decision: 'approve' });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.practice.status, 'published');
	const messages = r.json.practice.review.messages.map((m) => m.kind);
	assert.deepEqual(messages, ['question', 'answer']);
	// Public now: the page, the list, its objective's and country's pages, the feed.
	const pub = await getJSON(srv.base, `/api/v1/practices/${id}`);
	assert.equal(pub.status, 200);
	assert.equal(pub.json.practice.review, undefined, 'the review is for those who take part');
	const list = await getJSON(srv.base, '/api/v1/practices?objective=21&country=MAR');
	assert.ok(list.json.practices.some((p) => p.id === id));
	const objective = await getJSON(srv.base, '/api/v1/objectives/21');
	assert.ok(objective.json.practices.some((p) => p.id === id));
	const country = await getJSON(srv.base, '/api/v1/countries/MAR');
	assert.ok(country.json.practices.some((p) => p.id === id));
	const feed = await new Client(srv).get('/feeds/practices.atom');
	assert.equal(feed.status, 200);
	assert.match(feed.text, /One-stop centres for returning migrants/);
	// Every party was told.
	const account = await mar.api('GET', '/account');
	const texts = account.json.notifications.map((n) => n.text);
	assert.ok(texts.some((t) => t.startsWith('Practice published')), texts.join(' | '));
	assert.ok(texts.some((t) => t.startsWith('Reviewers asked questions')), texts.join(' | '));
	const told = await sen.api('GET', '/account');
	assert.ok(told.json.notifications.some((n) => n.text.startsWith('A practice awaits review')));
});

test('a split decision goes to the tie-break reviewer', async () => {
	const { mar, sen, un, fra } = await cast();
	const id = await create(mar.api, { title: 'Mobile legal clinics at the border' });
	assert.equal((await step(mar.api, id, 'submit')).status, 200);
	for (const p of [sen, un])
		assert.equal((await step(p.api, id, 'declare', { conflict: false })).status, 200);
	assert.equal((await step(sen.api, id, 'decide', { decision: 'approve' })).status, 200);
	let r = await step(un.api, id, 'decide', { decision: 'reject', comment: 'Not replicable.' });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.practice.status, 'in_review');
	assert.equal(r.json.practice.tie_break, true);
	const queue = await fra.api('GET', '/review');
	const item = queue.json.queue.find((q) => q.id === id);
	assert.ok(item, 'in the tie-break reviewer\'s queue');
	assert.equal(item.waiting, 'declare');
	assert.equal((await step(fra.api, id, 'declare', { conflict: false })).status, 200);
	r = await step(fra.api, id, 'decide', { decision: 'approve' });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.practice.status, 'published');
	// Decided: no second decision.
	assert.equal((await step(sen.api, id, 'decide', { decision: 'reject', comment: 'x' })).status, 409);
});

test('translations and calls', async () => {
	const { mar, sen, sec } = await cast();
	const list = await getJSON(srv.base, '/api/v1/practices');
	const id = list.json.practices[0].id;
	let r = await sen.api('POST', `/practices/${id}/translations`,
		{ lang: 'fr', title: 'Cliniques juridiques mobiles', summary: 'Des cliniques mobiles.' });
	assert.equal(r.status, 200, r.text);
	const tid = r.json.practice.proposed[0].id;
	assert.equal((await sen.api('POST', `/practices/${id}/translations/${tid}/approve`)).status, 403);
	r = await mar.api('POST', `/practices/${id}/translations/${tid}/approve`);
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.practice.translations[0].lang, 'fr');
	assert.equal(r.json.practice.translations[0].outdated, false);
	const fr = await getJSON(srv.base, '/api/v1/practices?language=fr');
	assert.ok(fr.json.practices.some((p) => p.id === id));
	// A call, answered by a submission.
	assert.equal((await mar.api('POST', '/calls', { theme: 'Return', deadline: '2099-01-01' })).status, 403);
	r = await sec.api('POST', '/calls', { theme: 'Return and reintegration', deadline: '2099-01-01',
		objectives: [21], langs: ['en', 'fr'] });
	assert.equal(r.status, 201, r.text);
	const call = r.json.call.id;
	r = await sec.api('POST', '/calls', { theme: 'Past', deadline: '2001-01-01' });
	assert.equal(r.status, 422);
	assert.deepEqual(fields(r), ['deadline']);
	const answered = await create(mar.api, { title: 'Reintegration grants', call_id: call });
	assert.equal((await step(mar.api, answered, 'submit')).status, 200);
	const page = await getJSON(srv.base, `/api/v1/calls/${call}`);
	assert.equal(page.json.call.open, true);
	assert.equal(page.json.call.received_count, 1);
	const calls = await getJSON(srv.base, '/api/v1/calls');
	assert.ok(calls.json.calls.some((c) => c.id === call));
});

test('the HTML pages render for each reader', async () => {
	const { mar, sen } = await cast();
	const anon = new Client(srv);
	for (const p of ['/practices', '/calls', '/feeds/practices.atom', '/practices?sort=title'])
		assert.equal((await anon.get(p)).status, 200, p);
	assert.equal((await anon.get('/practices?objective=99')).status, 400);
	assert.equal((await anon.get('/practices/new')).status, 303);
	const form = await mar.client.get('/practices/new');
	assert.equal(form.status, 200);
	assert.match(form.text, /name="summary"/);
	const queue = await sen.client.get('/review');
	assert.equal(queue.status, 200);
});
