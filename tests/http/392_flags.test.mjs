// 392_flags — a reviewer flags a commitment or a progress report as
// inappropriate: it leaves every public path at once (page, list, search,
// feed, API, change feed, export) while its owner still sees it, marked;
// an administrator restores it or removes it for good (issue 18, item 6).
// A good practice likewise (its list, counts, feed, search, export), and a
// written input to a review (its cycle's list, the review, the feeds),
// and a need or an offer of the hub (its lists, search, feeds, export and
// matching).
// One server for the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
	useServer, Client, actorId, person, getJSON, runPacte, dbArgs, assertCleanExit, vnuErrors,
	registerPartner,
} from './lib.mjs';

const srv = useServer();
const anon = () => new Client(srv);

// Every change of the feed, page after page.
async function changes() {
	const all = [];
	for (let url = '/api/v1/changes?since=0&limit=500'; url;) {
		const r = await getJSON(srv.base, url);
		assert.equal(r.status, 200, r.text.slice(0, 300));
		all.push(...r.json.changes);
		url = r.json.next;
	}
	return all;
}

// The ids of table `table` in the open-data export (JSON Lines).
async function exported(table) {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-flags-'));
	try {
		assertCleanExit(await runPacte(['export', '--format', 'jsonl', '--out', dir, ...dbArgs(srv.dir)]),
			'pacte export');
		return (await readFile(path.join(dir, `${table}.jsonl`), 'utf8')).trim().split('\n')
			.filter(Boolean).map((line) => JSON.parse(line).id);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

// Whether the public sees commitment id (with its unique word) anywhere.
async function publicPaths(id, word) {
	const page = await anon().get(`/commitments/${id}`);
	const api = await anon().get(`/api/v1/commitments/${id}`);
	const list = await getJSON(srv.base, '/api/v1/commitments');
	const q = await getJSON(srv.base, `/api/v1/commitments?q=${word}`);
	const search = await getJSON(srv.base, `/api/v1/search?q=${word}`);
	// A total counted on the objective's link rows (commitments_list.c).
	const total = await getJSON(srv.base, '/api/v1/commitments?objective=1');
	const feed = await anon().get('/feeds/commitments.atom');
	const change = (await changes()).find((c) => c.kind === 'commitment' && Number(c.id) === id);
	return {
		page: page.status, api: api.status,
		list: list.json.commitments.some((c) => c.id === id),
		q: q.json.commitments.length, search: search.json.count,
		total: total.json.total,
		feed: feed.text.includes(word), change: Boolean(change && change.content),
		export: (await exported('commitment')).includes(id),
	};
}

const SEEN = { page: 200, api: 200, list: true, q: 1, total: 1, search: 1, feed: true, change: true, export: true };
const HIDDEN = { page: 404, api: 404, list: false, q: 0, total: 0, search: 0, feed: false, change: false, export: false };

let owner, reviewer, admin, editor, id, update;

test('setup: a state\'s commitment with a progress report', async () => {
	const mar = await actorId(srv, 'Morocco');
	owner = await person(srv, 'focal_point', mar);
	reviewer = await person(srv, 'reviewer');
	admin = await person(srv, 'admin');
	editor = await person(srv, 'focal_point', await actorId(srv, 'Mexico'));
	const made = await owner.api('POST', '/commitments', {
		title: 'Quixotrel border programme', lang: 'en', objectives: [1], level: 'national',
		countries: ['MAR'], start_date: '2025-01-01', target_date: '2027-12-31', status: 'planned',
		kind: 'individual', form: 'policy', deliverables: ['A yearly report'],
	});
	assert.equal(made.status, 201, made.text);
	id = made.json.commitment?.id ?? made.json.id;
	const r = await owner.api('POST', `/commitments/${id}/progress`, {
		status: 'in_progress', narrative: 'Plumbagoral progress, as reported.',
	});
	assert.equal(r.status, 201, r.text);
	update = r.json.id;
	assert.ok(update, r.text);
	assert.deepEqual(await publicPaths(id, 'Quixotrel'), SEEN);
});

test('only reviewers and administrators flag; a reason is required; a denial is audited', async () => {
	const denied = await editor.api('POST', `/commitments/${id}/flag`, { reason: 'Spam' });
	assert.equal(denied.status, 403, denied.text);
	assert.equal((await owner.api('POST', `/commitments/${id}/flag`, { reason: 'x' })).status, 403);
	const blank = await reviewer.api('POST', `/commitments/${id}/flag`, { reason: '' });
	assert.equal(blank.status, 422, blank.text);
	assert.equal((await reviewer.api('POST', '/commitments/999999/flag', { reason: 'x' })).status, 404);
	assert.equal((await admin.api('GET', '/admin/flags')).json.flags.length, 0);
});

test('a flag hides the commitment from every public path; its owner still sees it, marked', async () => {
	const r = await reviewer.api('POST', `/commitments/${id}/flag`, { reason: 'Offensive wording' });
	assert.equal(r.status, 201, r.text);
	const again = await admin.api('POST', `/commitments/${id}/flag`, { reason: 'Again' });
	assert.equal(again.status, 409, 'a flagged record is not flagged twice');
	assert.deepEqual(await publicPaths(id, 'Quixotrel'), HIDDEN);
	assert.ok(!(await exported('progress_update')).includes(update), 'nor its reports');

	const mine = await owner.client.get(`/commitments/${id}`);
	assert.equal(mine.status, 200);
	assert.match(mine.text, /Offensive wording/);
	const json = await owner.api('GET', `/commitments/${id}`);
	assert.equal(json.json.commitment.hidden, true);
	assert.equal(json.json.commitment.flag.reason, 'Offensive wording');
	assert.equal((await reviewer.client.get(`/commitments/${id}`)).status, 200);
	assert.equal((await editor.client.get(`/commitments/${id}`)).status, 404, 'another state does not');

	const note = (await owner.client.get('/account')).text;
	assert.match(note, /Offensive wording/, 'the owner is told');
});

test('the queue is the administrators\'; restoring makes the commitment public again', async () => {
	assert.equal((await reviewer.api('GET', '/admin/flags')).status, 403);
	assert.equal((await reviewer.client.get('/admin/flags')).status, 403);
	const q = await admin.api('GET', '/admin/flags');
	assert.equal(q.status, 200, q.text);
	const f = q.json.flags.find((x) => x.kind === 'commitment' && x.record_id === id);
	assert.ok(f, q.text);
	assert.equal(f.reason, 'Offensive wording');
	assert.equal(f.flagged_by.id, reviewer.user.id);
	assert.match((await admin.client.get('/admin/flags')).text, /Quixotrel border programme/);

	assert.equal((await reviewer.api('POST', `/admin/flags/${f.id}`,
		{ decision: 'restore', reason: 'Fine' })).status, 403);
	assert.equal((await admin.api('POST', `/admin/flags/${f.id}`, { decision: 'maybe', reason: 'x' })).status, 422);
	const ok = await admin.api('POST', `/admin/flags/${f.id}`, { decision: 'restore', reason: 'Wording is fine' });
	assert.equal(ok.status, 200, ok.text);
	assert.equal((await admin.api('POST', `/admin/flags/${f.id}`, { decision: 'remove', reason: 'x' })).status, 409);
	assert.deepEqual(await publicPaths(id, 'Quixotrel'), SEEN);
	assert.equal((await admin.api('GET', '/admin/flags?state=restored')).json.flags[0].id, f.id);
});

test('a flagged report leaves the page and lists; removed, it stays hidden with its reason', async () => {
	const r = await reviewer.api('POST', `/commitments/${id}/updates/${update}/flag`, { reason: 'Personal data' });
	assert.equal(r.status, 201, r.text);
	assert.doesNotMatch((await anon().get(`/commitments/${id}`)).text, /Plumbagoral/);
	const pub = await getJSON(srv.base, `/api/v1/commitments/${id}`);
	assert.ok(!pub.json.updates.some((u) => u.id === update));
	const list = await getJSON(srv.base, '/api/v1/progress?limit=100');
	assert.ok(!list.json.updates.some((u) => u.id === update));
	assert.ok(!(await exported('progress_update')).includes(update));
	assert.match((await owner.client.get(`/commitments/${id}`)).text, /Plumbagoral/);

	const f = (await admin.api('GET', '/admin/flags')).json.flags.find((x) => x.record_id === update);
	const gone = await admin.api('POST', `/admin/flags/${f.id}`, { decision: 'remove', reason: 'Names a person' });
	assert.equal(gone.status, 200, gone.text);
	assert.doesNotMatch((await anon().get(`/commitments/${id}`)).text, /Plumbagoral/);
	const mine = await owner.api('GET', `/commitments/${id}`);
	const u = mine.json.updates.find((x) => x.id === update);
	assert.equal(u.flag.state, 'removed');
	assert.equal(u.flag.decision_reason, 'Names a person');
	assert.equal((await reviewer.api('POST', `/commitments/${id}/updates/${update}/flag`,
		{ reason: 'Again' })).status, 409, 'a removed record is not flagged again');
});

test('every step is in the audit trail, the denials too', async () => {
	const c = await admin.api('GET', `/admin/audit?object_type=commitment&object_id=${id}`);
	assert.equal(c.status, 200, c.text);
	const actions = c.json.entries.map((e) => e.action);
	for (const a of ['record.flag', 'flag.restore', 'denied:record.flag'])
		assert.ok(actions.includes(a), `${a} in ${actions}`);
	const u = await admin.api('GET', `/admin/audit?object_type=progress_update&object_id=${update}`);
	assert.ok(u.json.entries.some((e) => e.action === 'flag.remove'), u.text.slice(0, 500));
});

// Whether the public sees practice pid (with its unique word) anywhere.
async function practicePaths(pid, word) {
	const page = await anon().get(`/practices/${pid}`);
	const api = await getJSON(srv.base, `/api/v1/practices/${pid}`);
	const list = await getJSON(srv.base, '/api/v1/practices');
	const q = await getJSON(srv.base, `/api/v1/practices?q=${word}`);
	// A section's count, read from the running tallies (practices_list.c).
	const total = await getJSON(srv.base, '/api/v1/practices?objective=21');
	const search = await getJSON(srv.base, `/api/v1/search?q=${word}`);
	const feed = await anon().get('/feeds/practices.atom');
	return {
		page: page.status, api: api.status,
		list: list.json.practices.some((p) => p.id === pid), q: q.json.practices.length,
		total: total.json.total, search: search.json.count, feed: feed.text.includes(word),
		export: (await exported('practice')).includes(pid),
	};
}

const PRACTICE_SEEN = { page: 200, api: 200, list: true, q: 1, total: 1, search: 1, feed: true, export: true };
const PRACTICE_HIDDEN = { page: 404, api: 404, list: false, q: 0, total: 0, search: 0, feed: false, export: false };

let practice;

test('a good practice, published by two reviewers of the roster', async () => {
	for (const p of [reviewer, editor]) {
		const r = await admin.api('POST', '/review/roster', { email: p.user.email });
		assert.equal(r.status, 200, r.text);
	}
	const made = await owner.api('POST', '/practices/new', {
		title: 'Zorbulant welcome desks', summary: 'Desks at the border.', context: 'Arrivals.',
		actions: 'Desks opened.', results: 'Many helped.', lang: 'en', start_year: 2020,
		level: 'national', type: 'programme', objectives: [21], countries: ['MAR'],
	});
	assert.equal(made.status, 201, made.text);
	practice = made.json.practice.id;
	assert.equal((await owner.api('POST', `/practices/${practice}/submit`)).status, 200);
	let r;
	for (const p of [reviewer, editor]) {
		assert.equal((await p.api('POST', `/practices/${practice}/declare`, { conflict: false })).status, 200);
		r = await p.api('POST', `/practices/${practice}/decide`, { decision: 'approve' });
		assert.equal(r.status, 200, r.text);
	}
	assert.equal(r.json.practice.status, 'published');
	assert.deepEqual(await practicePaths(practice, 'Zorbulant'), PRACTICE_SEEN);
});

test('a flagged practice leaves every public path; its people and reviewers see it, marked', async () => {
	assert.equal((await editor.api('POST', `/practices/${practice}/flag`, { reason: 'x' })).status, 403);
	assert.equal((await reviewer.api('POST', `/practices/${practice}/flag`, { reason: '' })).status, 422);
	assert.match((await reviewer.client.get(`/practices/${practice}`)).text, /Flag as inappropriate/);
	const r = await reviewer.api('POST', `/practices/${practice}/flag`, { reason: 'Advertising' });
	assert.equal(r.status, 201, r.text);
	assert.equal((await admin.api('POST', `/practices/${practice}/flag`, { reason: 'Again' })).status, 409);
	assert.deepEqual(await practicePaths(practice, 'Zorbulant'), PRACTICE_HIDDEN);
	const mine = await owner.api('GET', `/practices/${practice}`);
	assert.equal(mine.status, 200, mine.text);
	assert.equal(mine.json.practice.hidden, true);
	assert.equal(mine.json.practice.flag.reason, 'Advertising');
	assert.match((await owner.client.get(`/practices/${practice}`)).text, /Advertising/);

	const f = (await admin.api('GET', '/admin/flags')).json.flags.find((x) => x.kind === 'practice');
	assert.equal(f.url, `/practices/${practice}`);
	assert.equal(f.title, 'Zorbulant welcome desks');
	const ok = await admin.api('POST', `/admin/flags/${f.id}`, { decision: 'restore', reason: 'Fine' });
	assert.equal(ok.status, 200, ok.text);
	assert.deepEqual(await practicePaths(practice, 'Zorbulant'), PRACTICE_SEEN);
	const audit = await admin.api('GET', `/admin/audit?object_type=practice&object_id=${practice}`);
	const actions = audit.json.entries.map((e) => e.action);
	for (const a of ['record.flag', 'flag.restore', 'denied:record.flag'])
		assert.ok(actions.includes(a), `${a} in ${actions}`);
});

// Whether the public sees written input iid: its cycle's list, the
// reviews feed, the change feed, the export.
async function inputPaths(iid) {
	const list = await getJSON(srv.base, '/api/v1/reviews/imrf-2030/inputs');
	const feed = await anon().get('/feeds/reviews.atom');
	const change = (await changes()).find((c) => c.kind === 'review_input' && Number(c.id) === iid);
	return {
		list: list.json.inputs.some((i) => i.id === iid),
		feed: feed.text.includes('Gribnoval'), change: Boolean(change && change.content),
		export: (await exported('review_input')).includes(iid),
	};
}

test('a flagged written input leaves its public paths; moderators see it, marked', async () => {
	const org = await registerPartner(srv);
	const ngoId = await actorId(srv, org.name, 'requested');
	assertCleanExit(await runPacte(['actor', 'decide', String(ngoId), 'accredit', ...dbArgs(srv.dir)]),
		'accredit the partner');
	const ngo = await person(srv, 'editor', ngoId);
	// The window of the 2030 cycle opens today (its dates are data).
	const open = await admin.api('POST', '/reviews/imrf-2030/edit', {
		period_start: '2026-05-09', period_end: '2030-04-30',
		opens: new Date().toISOString().slice(0, 10), closes: '2030-04-15',
	});
	assert.equal(open.status, 200, open.text);
	const made = await ngo.api('POST', '/reviews/imrf-2030/inputs',
		{ about: 'review', iso3: 'MAR', title: 'Gribnoval account', body: 'Desks opened late.' });
	assert.equal(made.status, 200, made.text);
	const iid = (await reviewer.api('GET', '/reviews/imrf-2030/inputs')).json.inputs
		.find((i) => i.title === 'Gribnoval account').id;
	assert.equal((await reviewer.api('POST', `/review-inputs/${iid}/flag`, { reason: 'x' })).status, 404,
		'a pending input is not public: nothing to flag');
	assert.equal((await reviewer.api('POST', `/review-inputs/${iid}/decide`, { decision: 'accept' })).status, 200);
	const seen = { list: true, feed: true, change: true, export: true };
	assert.deepEqual(await inputPaths(iid), seen);

	assert.equal((await ngo.api('POST', `/review-inputs/${iid}/flag`, { reason: 'x' })).status, 403);
	assert.equal((await reviewer.api('POST', `/review-inputs/${iid}/flag`, { reason: '' })).status, 422);
	assert.match((await reviewer.client.get('/reviews/imrf-2030/inputs')).text, /Flag as inappropriate/);
	const r = await reviewer.api('POST', `/review-inputs/${iid}/flag`, { reason: 'Insults' });
	assert.equal(r.status, 201, r.text);
	assert.deepEqual(await inputPaths(iid),
		{ list: false, feed: false, change: false, export: false });
	const mod = (await reviewer.api('GET', '/reviews/imrf-2030/inputs')).json.inputs.find((i) => i.id === iid);
	assert.equal(mod.hidden, true);
	assert.equal(mod.flag.reason, 'Insults');

	const f = (await admin.api('GET', '/admin/flags')).json.flags.find((x) => x.kind === 'review_input');
	assert.equal(f.url, `/reviews/imrf-2030/inputs#input-${iid}`);
	const ok = await admin.api('POST', `/admin/flags/${f.id}`, { decision: 'restore', reason: 'Fine' });
	assert.equal(ok.status, 200, ok.text);
	assert.deepEqual(await inputPaths(iid), seen);
});

// The hub (h8hub): a need and an offer, both accepted, the offer ranked
// for the need. hubPaths says whether the public sees offer oid (its
// unique word Vexmorant): its page, /hub and its q=, the country's
// section, the site search, the feed, the change feed, the export, and
// the offers ranked for the need at nurl.
async function hubPaths(nurl, oid) {
	const page = await anon().get(`/hub/offers/${oid}`);
	const api = await getJSON(srv.base, `/api/v1/hub/offers/${oid}`);
	const list = await getJSON(srv.base, '/api/v1/hub');
	const q = await getJSON(srv.base, '/api/v1/hub?q=Vexmorant');
	const country = await getJSON(srv.base, '/api/v1/countries/MAR');
	const search = await getJSON(srv.base, '/api/v1/search?q=Vexmorant');
	const feed = await anon().get('/feeds/offers.atom');
	const change = (await changes()).find((c) => c.kind === 'offer' && Number(c.id) === oid);
	const need = await getJSON(srv.base, `/api/v1${nurl}`);
	return {
		page: page.status, api: api.status,
		list: list.json.items.some((i) => i.id === oid), q: q.json.count,
		country: country.json.hub.items.some((i) => i.id === oid), search: search.json.count,
		feed: feed.text.includes('Vexmorant'), change: Boolean(change && change.content),
		export: (await exported('hub_item')).includes(oid),
		ranked: need.json.suggestions.some((o) => o.offer_id === oid),
	};
}

const HUB_SEEN = { page: 200, api: 200, list: true, q: 1, country: true, search: 1, feed: true, change: true, export: true, ranked: true };
const HUB_HIDDEN = { page: 404, api: 404, list: false, q: 0, country: false, search: 0, feed: false, change: false, export: false, ranked: false };

let nurl, oid;

test('a flagged offer leaves the hub\'s public paths and matching; restored, it comes back', async () => {
	const item = (extra) => ({
		description: 'Two weeks on fair recruitment.', support: 'training', objectives: [6],
		countries: ['MAR'], languages: ['fr'], start_date: '2027-01-01', ...extra,
	});
	const need = await owner.api('POST', '/hub/needs', item({ title: 'Labour inspectors trained' }));
	assert.equal(need.status, 201, need.text);
	nurl = need.headers.get('location');
	const offer = await editor.api('POST', '/hub/offers', item({ title: 'Vexmorant trainers' }));
	assert.equal(offer.status, 201, offer.text);
	const ourl = offer.headers.get('location');
	oid = Number(ourl.split('/').pop());
	assert.equal((await reviewer.api('POST', `${ourl}/flag`, { reason: 'x' })).status, 404,
		'a submitted offer is not public: nothing to flag');
	for (const u of [nurl, ourl])
		assert.equal((await reviewer.api('POST', `${u}/assess`, { decision: 'accept' })).status, 200);
	assert.deepEqual(await hubPaths(nurl, oid), HUB_SEEN);

	assert.equal((await owner.api('POST', `${ourl}/flag`, { reason: 'x' })).status, 403);
	assert.equal((await reviewer.api('POST', `${ourl}/flag`, { reason: '' })).status, 422);
	assert.equal((await reviewer.api('POST', `/hub/needs/${oid}/flag`, { reason: 'x' })).status, 404,
		'an offer is no need');
	assert.match((await reviewer.client.get(ourl)).text, /Flag as inappropriate/);
	const r = await reviewer.api('POST', `${ourl}/flag`, { reason: 'A scam' });
	assert.equal(r.status, 201, r.text);
	assert.equal((await admin.api('POST', `${ourl}/flag`, { reason: 'Again' })).status, 409);
	assert.deepEqual(await hubPaths(nurl, oid), HUB_HIDDEN);
	assert.equal((await owner.api('POST', `${nurl}/propose`, { offer_id: oid })).status, 409,
		'a hidden offer is proposed for no need');
	const mine = await editor.api('GET', ourl);
	assert.equal(mine.status, 200, mine.text);
	assert.equal(mine.json.item.hidden, true);
	assert.equal(mine.json.item.flag.reason, 'A scam');
	assert.match((await editor.client.get(ourl)).text, /A scam/);

	const f = (await admin.api('GET', '/admin/flags')).json.flags.find((x) => x.kind === 'hub_item');
	assert.equal(f.url, ourl);
	assert.equal(f.title, 'Vexmorant trainers');
	const ok = await admin.api('POST', `/admin/flags/${f.id}`, { decision: 'restore', reason: 'Checked' });
	assert.equal(ok.status, 200, ok.text);
	assert.deepEqual(await hubPaths(nurl, oid), HUB_SEEN);
	const audit = await admin.api('GET', `/admin/audit?object_type=hub_item&object_id=${oid}`);
	const actions = audit.json.entries.map((e) => e.action);
	for (const a of ['record.flag', 'flag.restore', 'denied:record.flag'])
		assert.ok(actions.includes(a), `${a} in ${actions}`);
});

test('a hidden need gets no proposals, and its match is not made while it is hidden', async () => {
	const prop = await owner.api('POST', `${nurl}/propose`, { offer_id: oid });
	assert.equal(prop.status, 200, prop.text);
	const match = prop.json.matches[0].id;
	const r = await reviewer.api('POST', `${nurl}/flag`, { reason: 'Not a real need' });
	assert.equal(r.status, 201, r.text);
	assert.equal((await anon().get(nurl)).status, 404);
	assert.equal((await getJSON(srv.base, `/api/v1/hub/offers/${oid}`)).json.matches.length, 0,
		'the offer\'s page does not name the hidden need');
	const own = await owner.api('GET', nurl);
	assert.equal(own.json.item.hidden, true);
	assert.equal(own.json.suggestions, undefined, 'no offers ranked for it');
	assert.equal(own.json.can_propose, false);
	const answer = await editor.api('POST', `/hub/matches/${match}/answer`, { answer: 'accept' });
	assert.equal(answer.status, 409, answer.text);
});

test('the pages flags add to are valid HTML', async () => {
	// A second commitment, flagged and waiting, so the queue shows its form.
	const made = await owner.api('POST', '/commitments', {
		title: 'Second programme', lang: 'en', objectives: [2], level: 'national', countries: ['MAR'],
		status: 'planned', kind: 'individual', form: 'policy', deliverables: ['A plan'],
	});
	assert.equal(made.status, 201, made.text);
	const second = made.json.commitment?.id ?? made.json.id;
	assert.equal((await reviewer.api('POST', `/commitments/${second}/flag`, { reason: 'Check' })).status, 201);
	const pages = [
		{ name: 'reviewer, commitment', html: (await reviewer.client.get(`/commitments/${id}`)).text },
		{ name: 'owner, hidden commitment', html: (await owner.client.get(`/commitments/${second}`)).text },
		{ name: 'queue', html: (await admin.client.get('/admin/flags')).text },
		{ name: 'queue, removed', html: (await admin.client.get('/admin/flags?state=removed')).text },
		{ name: 'reviewer, practice', html: (await reviewer.client.get(`/practices/${practice}`)).text },
		{ name: 'reviewer, inputs', html: (await reviewer.client.get('/reviews/imrf-2030/inputs')).text },
		{ name: 'reviewer, offer', html: (await reviewer.client.get(`/hub/offers/${oid}`)).text },
		{ name: 'owner, hidden need', html: (await owner.client.get(nurl)).text },
	];
	assert.match(pages[0].html, /Flag as inappropriate/);
	assert.match(pages[2].html, /name="decision" value="restore"/);
	assert.deepEqual(await vnuErrors(pages), []);
});
