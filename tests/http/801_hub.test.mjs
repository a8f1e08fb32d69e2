// 801_hub — the connection hub over HTTP (issue 14): a need's workflow
// through the API (submitted, returned with questions, edited, accepted),
// an offer suggested with its reasons in words, a match made only with both
// sides' consent (a third party refused, a second answer refused), the
// partnership it starts on both actors' pages, a member's withdrawal kept
// in the history; clear 4xx errors; the feeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, person, vnuErrors } from './lib.mjs';

const srv = useServer();

const item = (extra = {}) => ({
	title: 'Training for labour inspectors', description: 'Two weeks on **fair recruitment**.',
	support: 'training', objectives: [6], countries: ['MAR'], languages: ['fr'],
	start_date: '2027-01-01', ...extra,
});

const who = {};
async function cast() {
	if (!who.mar) {
		who.mar = await person(srv, 'focal_point', 'MAR');
		who.sen = await person(srv, 'focal_point', 'SEN');
		who.fra = await person(srv, 'focal_point', 'FRA');
		who.rev = await person(srv, 'reviewer');
	}
	return who;
}

const anon = () => new Client(srv);

test('bad input and unknown addresses answer clear 4xx, nothing written', async () => {
	const { mar } = await cast();
	const bad = await mar.api('POST', '/hub/needs', item({ title: '', support: 'cash', objectives: [99],
		countries: ['XXX'], end_date: '2026-01-01' }));
	assert.equal(bad.status, 422, bad.text);
	const fields = bad.json.errors.map((e) => e.field).sort();
	for (const f of ['countries', 'end_date', 'objectives', 'support', 'title'])
		assert.ok(fields.includes(f), `${f} in ${fields}`);
	assert.equal((await anon().get('/api/v1/hub?side=both')).status, 400);
	assert.equal((await anon().get('/api/v1/hub/needs/abc')).status, 404);
	assert.equal((await anon().get('/api/v1/hub/needs/999999')).status, 404);
	assert.equal((await anon().get('/api/v1/partnerships/999999')).status, 404);
	const list = await anon().get('/api/v1/hub');
	assert.equal(list.status, 200);
	assert.equal(list.json.count, 0);
});

test('a need is returned with questions, edited, accepted; a suggested offer is matched with both consents', async () => {
	const { mar, sen, fra, rev } = await cast();
	const need = await mar.api('POST', '/hub/needs', item());
	assert.equal(need.status, 201, need.text);
	const nurl = need.headers.get('location');
	assert.match(nurl, /^\/hub\/needs\/\d+$/);
	assert.equal(need.json.item.status, 'submitted');
	// not public before its assessment, and not the owner's to assess
	assert.equal((await anon().get('/api/v1' + nurl)).status, 404);
	assert.equal((await mar.api('POST', nurl + '/assess', { decision: 'accept' })).status, 403);
	const noNotes = await rev.api('POST', nurl + '/assess', { decision: 'return' });
	assert.equal(noNotes.status, 422);
	const ret = await rev.api('POST', nurl + '/assess', { decision: 'return', notes: 'Which regions?' });
	assert.equal(ret.status, 200, ret.text);
	assert.equal(ret.json.item.status, 'returned');
	assert.equal((await sen.api('POST', nurl + '/edit', item())).status, 403);
	const edited = await mar.api('POST', nurl + '/edit', item({ description: 'In the Oriental region.' }));
	assert.equal(edited.status, 200, edited.text);
	assert.equal(edited.json.item.status, 'submitted');
	assert.equal((await rev.api('POST', nurl + '/assess', { decision: 'accept', notes: 'Clear.' })).status, 200);
	assert.equal((await rev.api('POST', nurl + '/assess', { decision: 'accept' })).status, 409);

	const offer = await sen.api('POST', '/hub/offers', item({ title: 'Inspectors exchange',
		capacity: 'Ten trainers', conditions: 'Travel paid by the host' }));
	assert.equal(offer.status, 201, offer.text);
	const ourl = offer.headers.get('location');
	assert.equal((await rev.api('POST', ourl + '/assess', { decision: 'accept' })).status, 200);

	// public once accepted, so in the site search, as a need and an offer
	const found = await anon().get('/api/v1/search?q=inspectors');
	assert.equal(found.status, 200);
	const kinds = found.json.results.map((r) => `${r.kind}:${r.url ?? r.ref}`);
	assert.ok(found.json.results.some((r) => r.kind === 'need' && nurl.endsWith('/' + r.ref)), kinds.join(' '));
	assert.ok(found.json.results.some((r) => r.kind === 'offer'), kinds.join(' '));

	// q= on /hub: the same search, both sides, filters still applying
	const q = await anon().get('/api/v1/hub?q=inspectors');
	assert.equal(q.status, 200);
	assert.deepEqual(q.json.items.map((i) => i.url).sort(), [nurl, ourl].sort());
	assert.equal(q.json.filters.q, 'inspectors');
	assert.deepEqual((await anon().get('/api/v1/hub?q=inspectors&side=offer')).json.items.map((i) => i.url), [ourl]);
	assert.equal((await anon().get('/api/v1/hub?q=zanzibarite')).json.count, 0);
	assert.equal((await anon().get('/api/v1/hub?q=' + 'x'.repeat(201))).status, 400);
	assert.match((await anon().get('/hub?q=inspectors')).text, /value="inspectors"/);

	// and in the change feed, with the page's model as content
	const changes = await anon().get('/api/v1/changes?limit=500');
	const entry = changes.json.changes.find((c) => c.kind === 'need' && c.url === nurl);
	assert.ok(entry, JSON.stringify(changes.json.changes.map((c) => c.kind)));
	assert.equal(entry.content.title, 'Training for labour inspectors');

	// the need's page, for anyone: the offer ranked with its reasons in words
	const page = await anon().get('/api/v1' + nurl);
	assert.equal(page.status, 200);
	const s = page.json.suggestions;
	assert.equal(s.length, 1);
	assert.equal(s[0].url, ourl);
	assert.ok(s[0].reasons.includes('same objective 6'), s[0].reasons.join('; '));
	assert.ok(s[0].reasons.includes('offers Training'));
	assert.ok(s[0].reasons.includes('works in Morocco'));
	// beside the offers, the actors ranked on their practices and commitments (none here yet)
	assert.deepEqual(page.json.actor_suggestions, []);
	const fr = await anon().get(nurl + '?lang=fr');
	assert.match(fr.text, /même objectif 6/);

	// only a side (or a reviewer) proposes; a proposal by the need's side is its consent
	const offerId = Number(ourl.split('/').pop());
	assert.equal((await fra.api('POST', nurl + '/propose', { offer_id: offerId })).status, 403);
	const prop = await mar.api('POST', nurl + '/propose', { offer_id: offerId });
	assert.equal(prop.status, 200, prop.text);
	const m = prop.json.matches[0];
	assert.equal(m.status, 'proposed');
	assert.equal(m.need_consent, true);
	assert.equal(m.offer_consent, false);
	const answer = `/hub/matches/${m.id}/answer`;
	assert.equal((await fra.api('POST', answer, { answer: 'accept' })).status, 403);
	assert.equal((await mar.api('POST', answer, { answer: 'accept' })).status, 409);
	assert.equal((await sen.api('POST', answer, { answer: 'perhaps' })).status, 422);
	const made = await sen.api('POST', answer, { answer: 'accept' });
	assert.equal(made.status, 200, made.text);
	assert.equal(made.json.matches[0].status, 'made');
	assert.equal(made.json.item.status, 'matched');
	const purl = made.json.matches[0].partnership_url;
	assert.match(purl, /^\/partnerships\/\d+$/);

	// the partnership, on both actors' pages
	const p = await anon().get('/api/v1' + purl);
	assert.equal(p.status, 200);
	const members = p.json.partnership.members;
	assert.deepEqual(members.map((x) => x.role).sort(), ['implementing_partner', 'lead']);
	for (const x of members) {
		const a = await anon().get(`/api/v1/actors/${x.actor_id}`);
		assert.ok(a.json.hub.partnerships.some((y) => y.url === purl), `on actor ${x.actor_id}`);
	}
	assert.ok((await anon().get('/api/v1/partnerships')).json.partnerships.some((y) => y.url === purl));

	// implementation, closing with an outcome; the feed has the need
	assert.equal((await mar.api('POST', nurl + '/step', { step: 'close' })).status, 422);
	assert.equal((await mar.api('POST', nurl + '/step', { step: 'implement' })).status, 200);
	const closed = await mar.api('POST', nurl + '/step', { step: 'close', outcome: '120 trained.' });
	assert.equal(closed.json.item.status, 'closed');
	const feed = await anon().get('/feeds/needs.atom');
	assert.equal(feed.status, 200);
	assert.match(feed.headers.get('content-type'), /atom/);
	assert.ok(feed.text.includes(nurl));

	// every page of the hub is valid HTML: the lists, the need with its
	// matches and suggestions, the offer, the partnership, the forms
	const pages = [];
	for (const p of ['/hub', '/hub?side=need&objective=6', nurl, ourl, '/partnerships', purl,
		'/events', '/events/ga-2018-73-195', '/countries/MAR', '/actors/' + members[0].actor_id])
		pages.push({ name: p, html: (await anon().get(p)).text });
	for (const p of ['/hub/needs/new', '/hub/offers/new'])
		pages.push({ name: p, html: (await mar.client.get(p)).text });
	assert.deepEqual(await vnuErrors(pages), []);

	// withdrawing keeps the history
	assert.equal((await fra.api('POST', purl + '/withdraw', { reason: 'x' })).status, 409);
	const w = await sen.api('POST', purl + '/withdraw', { reason: 'Funding ended.' });
	assert.equal(w.status, 200, w.text);
	const after = w.json.partnership.members;
	assert.equal(after.length, 2);
	assert.equal(after.filter((x) => x.withdrawn).length, 1);
	assert.equal(after.find((x) => x.withdrawn).withdrawn_reason, 'Funding ended.');
});

test('funding pointers: an administrator keeps the list; a need shows those serving its objectives', async () => {
	const { mar, rev } = await cast();
	const admin = await person(srv, 'admin');
	const fund = { name: 'Labour inspection fund', url: 'https://fund.example.org/', source: 'Its 2025 report.',
		description: 'Grants for inspectors.', objectives: [6], supports: ['training'] };
	assert.equal((await mar.api('POST', '/hub/funding', fund)).status, 403);
	const bad = await admin.api('POST', '/hub/funding', { ...fund, url: 'nowhere', source: '' });
	assert.equal(bad.status, 422, bad.text);
	assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), ['source', 'url']);
	const made = await admin.api('POST', '/hub/funding', fund);
	assert.equal(made.status, 201, made.text);
	const furl = made.headers.get('location');
	assert.match(furl, /^\/hub\/funding\/\d+$/);
	assert.deepEqual(made.json.pointer.supports.map((s) => s.value), ['training']);

	// the seeded Trust Fund, with its source, for every objective
	const list = await anon().get('/api/v1/hub/funding');
	const mptf = list.json.pointers.find((p) => p.name === 'Migration Multi-Partner Trust Fund');
	assert.ok(mptf && mptf.all_objectives && /73\/195/.test(mptf.source), JSON.stringify(list.json));
	assert.equal(list.json.form, undefined);

	// a training need on objective 6: this fund first, then the Trust Fund
	const need = await mar.api('POST', '/hub/needs', item({ title: 'Inspectors again' }));
	const nurl = need.headers.get('location');
	assert.equal((await rev.api('POST', nurl + '/assess', { decision: 'accept' })).status, 200);
	const page = await anon().get('/api/v1' + nurl);
	assert.deepEqual(page.json.funding.map((p) => p.name), [fund.name, mptf.name]);
	assert.match((await anon().get(nurl + '?lang=fr')).text, /Financements qui peuvent aider/);

	// edited, then archived: off the need's page, the pointer's own page still there
	const edited = await admin.api('POST', furl + '/edit', { ...fund, name: 'Inspection fund' });
	assert.equal(edited.status, 200, edited.text);
	assert.equal(edited.json.pointer.name, 'Inspection fund');
	assert.equal((await mar.api('POST', furl + '/archive', {})).status, 403);
	assert.equal((await admin.api('POST', furl + '/archive', {})).status, 200);
	assert.equal((await admin.api('POST', furl + '/archive', {})).status, 409);
	assert.deepEqual((await anon().get('/api/v1' + nurl)).json.funding.map((p) => p.name), [mptf.name]);
	assert.equal((await anon().get('/api/v1' + furl)).status, 404);
	assert.equal((await anon().get('/api/v1/hub/funding/999999')).status, 404);

	// the pages are valid HTML, the administrator's forms too
	const pages = [{ name: '/hub/funding', html: (await anon().get('/hub/funding')).text },
		{ name: 'admin /hub/funding', html: (await admin.client.get('/hub/funding')).text },
		{ name: 'admin ' + furl, html: (await admin.client.get(furl)).text },
		{ name: '/hub/funding/' + mptf.id, html: (await anon().get('/hub/funding/' + mptf.id)).text }];
	assert.deepEqual(await vnuErrors(pages), []);
});
