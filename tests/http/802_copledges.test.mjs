// 802_copledges — pledges made together and partnerships on their own
// (issue 14, item 4): a co-owned commitment recorded by its lead with a
// member and a funder, each part "awaiting confirmation" until that
// actor's people confirm it; the lead edits, a member may not; the
// answers audited, in the change feed and on the member's page; a
// matching pledge shown on both pages ("answers" / "answered by"); a
// partnership recorded on its own, its members added (each confirming or
// declining its membership) and withdrawn (the history kept), linked to a
// need, a commitment and a practice, and in the change feed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, actorId, pageText, person, vnuErrors } from './lib.mjs';

const srv = useServer();

const who = {};
async function cast() {
	if (!who.mar) {
		who.mar = await person(srv, 'focal_point', 'MAR');
		who.sen = await person(srv, 'focal_point', 'SEN');
		who.fra = await person(srv, 'focal_point', 'FRA');
		who.admin = await person(srv, 'admin');
		who.rev = await person(srv, 'reviewer');
		who.marId = await actorId(srv, 'Morocco');
		who.senId = await actorId(srv, 'Senegal');
		who.fraId = await actorId(srv, 'France');
	}
	return who;
}

const pledge = (extra = {}) => ({
	title: 'A joint pledge on labour mobility', lang: 'en', objectives: [6], level: 'regional',
	countries: ['MAR', 'SEN'], kind: 'partnership', form: 'process', ...extra,
});

const anon = () => new Client(srv);
const parts = (c) => c.participants.map((p) => [p.id, p.role, p.status]).sort((a, b) => a[0] - b[0]);

// The whole change feed, page after page.
async function allChanges() {
	const feed = await anon().get('/api/v1/changes?since=0&limit=500');
	assert.equal(feed.status, 200);
	let entries = feed.json.changes;
	for (let url = feed.json.next; url; ) {
		const more = await anon().get(url);
		entries = entries.concat(more.json.changes);
		url = more.json.next;
	}
	return entries;
}

async function audit(admin, query) {
	const r = await admin.api('GET', `/admin/audit?${query}`);
	assert.equal(r.status, 200, r.text.slice(0, 300));
	return r.json.entries;
}

test('a co-owned commitment: edited by its lead, confirmed by a member', async () => {
	const { mar, sen, fra, admin, senId, fraId } = await cast();
	// One actor, one part.
	const twice = await mar.api('POST', '/commitments', pledge({ participants: [senId], funders: [senId] }));
	assert.equal(twice.status, 422, twice.text.slice(0, 300));
	assert.deepEqual(twice.json.errors.map((e) => e.field), ['funders']);

	const r = await mar.api('POST', '/commitments', pledge({ participants: [senId], funders: [fraId] }));
	assert.equal(r.status, 201, r.text.slice(0, 300));
	const c = r.json.commitment;
	const sorted = [[senId, 'member', 'invited'], [fraId, 'funder', 'invited']].sort((a, b) => a[0] - b[0]);
	assert.deepEqual(parts(c), sorted);
	const page = pageText((await anon().get(`${c.url}?lang=en`)).text);
	assert.match(page, /Senegal \(Member\) awaiting confirmation/);
	assert.match(page, /France \(Funder\) awaiting confirmation/);

	// The member may not edit; the lead does, and the parts keep their answers.
	const denied = await sen.api('POST', c.url + '/edit', pledge({ title: 'Taken over', participants: [senId] }));
	assert.equal(denied.status, 403, denied.text.slice(0, 300));
	const yes = await sen.api('POST', `/commitments/${c.id}/participants/${senId}/answer`, { answer: 'accept' });
	assert.equal(yes.status, 200, yes.text.slice(0, 300));
	const edit = await mar.api('POST', c.url + '/edit',
		pledge({ title: 'A joint pledge, renamed', participants: [senId], funders: [fraId] }));
	assert.equal(edit.status, 200, edit.text.slice(0, 300));
	assert.equal(edit.json.commitment.title, 'A joint pledge, renamed');
	assert.deepEqual(parts(edit.json.commitment),
		sorted.map((p) => p[0] === senId ? [senId, 'member', 'accepted'] : p));
	// The funder declines: shown nowhere.
	const no = await fra.api('POST', `/commitments/${c.id}/participants/${fraId}/answer`, { answer: 'decline' });
	assert.equal(no.status, 200, no.text.slice(0, 300));
	const shown = (await anon().get('/api/v1' + c.url)).json.commitment;
	assert.deepEqual(parts(shown), [[senId, 'member', 'accepted']]);
	const fr = pageText((await anon().get(`${c.url}?lang=fr`)).text);
	assert.match(fr, /(Sénégal|Senegal) \(Membre\)/);
	assert.doesNotMatch(fr, /en attente de confirmation/);

	// On the member's page, among its commitments.
	const list = await anon().get(`/api/v1/commitments?actor=${senId}&limit=100`);
	assert.ok(list.json.commitments.some((x) => x.id === c.id));

	// Every step audited, and the commitment in the change feed after the answers.
	const actions = (await audit(admin, `object_type=commitment&object_id=${c.id}`)).map((e) => e.action);
	for (const a of ['commitment.create', 'commitment.edit', 'participation.answer'])
		assert.ok(actions.includes(a), `${a} in ${actions}`);
	assert.ok((await allChanges()).some((e) => e.kind === 'commitment' && e.id === c.id));

	// A new part is a new question: moving Senegal to implementing partner asks it again.
	const moved = await mar.api('POST', c.url + '/edit',
		pledge({ title: 'A joint pledge, renamed', implementing_partners: [senId], funders: [fraId] }));
	assert.equal(moved.status, 200, moved.text.slice(0, 300));
	assert.deepEqual(parts(moved.json.commitment), [[senId, 'implementing_partner', 'invited']]);
	const form = await mar.client.get(c.url + '/edit');
	assert.match(form.text, new RegExp(`id="implementing_partners" name="implementing_partners" value="${senId}"`));
});

test('a matching pledge shows on both commitments\' pages', async () => {
	const { mar, sen } = await cast();
	const a = (await mar.api('POST', '/commitments', pledge({ kind: 'individual', title: 'Open two job centres' }))).json.commitment;
	const r = await sen.api('POST', '/commitments', pledge({ kind: 'matching', title: 'Train the job centres\' staff',
		countries: ['SEN'], matches_commitment_id: a.id }));
	assert.equal(r.status, 201, r.text.slice(0, 300));
	const b = r.json.commitment;
	assert.match(pageText((await anon().get(`${b.url}?lang=en`)).text), /Answers the commitment Open two job centres/);
	assert.match(pageText((await anon().get(`${a.url}?lang=en`)).text), /Answered by Train the job centres' staff/);
	assert.match(pageText((await anon().get(`${a.url}?lang=fr`)).text), /Engagements qui y répondent Train the job centres' staff/);
	const json = (await anon().get('/api/v1' + a.url)).json.commitment;
	assert.deepEqual(json.matched_by.map((m) => m.id), [b.id]);
});

test('a partnership recorded on its own: its links, members added and removed, the history kept', async () => {
	const { mar, sen, admin, marId, senId } = await cast();
	const need = await mar.api('POST', '/hub/needs', {
		title: 'Help with labour migration statistics', description: 'Two surveys.', support: 'data',
		objectives: [1], countries: ['MAR'], languages: ['fr'],
	});
	assert.equal(need.status, 201, need.text.slice(0, 300));
	const needId = need.json.item.id;
	// Not yet public: no partnership links it.
	const early = await mar.api('POST', '/partnerships', { name: 'Too early', need_id: needId });
	assert.equal(early.status, 422, early.text.slice(0, 300));
	const ok = await who.rev.api('POST', `/hub/needs/${needId}/assess`, { decision: 'accept' });
	assert.equal(ok.status, 200, ok.text.slice(0, 300));
	const c = (await mar.api('POST', '/commitments', pledge({ kind: 'individual', title: 'Publish the surveys' }))).json.commitment;

	// Clear 4xx: a need that is not one, a commitment that does not exist.
	const bad = await mar.api('POST', '/partnerships', { name: 'Statistics together', offer_id: needId,
		commitments: [999999], practices: [999999] });
	assert.equal(bad.status, 422, bad.text.slice(0, 300));
	assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), ['commitments', 'offer_id', 'practices']);
	// Only for an actor one acts for.
	const other = await sen.api('POST', '/partnerships', { name: 'Not ours', lead_actor_id: marId });
	assert.equal(other.status, 403, other.text.slice(0, 300));

	const r = await mar.api('POST', '/partnerships', { name: 'Statistics together', need_id: needId,
		commitments: [c.id] });
	assert.equal(r.status, 201, r.text.slice(0, 300));
	const p = r.json.partnership;
	assert.equal(p.need_url, `/hub/needs/${needId}`);
	assert.deepEqual(p.commitments.map((x) => x.id), [c.id]);
	assert.deepEqual(p.members.map((m) => [m.actor_id, m.role]), [[marId, 'lead']]);

	// Members: added by the lead only, once.
	const notLead = await sen.api('POST', `${p.url}/members`, { actor_id: senId, role: 'funder' });
	assert.equal(notLead.status, 403, notLead.text.slice(0, 300));
	const add = await mar.api('POST', `${p.url}/members`, { actor_id: senId, role: 'funder' });
	assert.equal(add.status, 200, add.text.slice(0, 300));
	assert.deepEqual(add.json.partnership.members.map((m) => [m.actor_id, m.role]), [[marId, 'lead'], [senId, 'funder']]);
	const twice = await mar.api('POST', `${p.url}/members`, { actor_id: senId, role: 'member' });
	assert.equal(twice.status, 422, twice.text.slice(0, 300));

	// The member added awaits its own people's confirmation: not the lead's,
	// not another actor's; once only. Another declines: withdrawn, kept.
	assert.equal(add.json.partnership.members.find((m) => m.actor_id === senId).awaiting, true);
	const awaitingHtml = (await sen.client.get(p.url)).text;
	assert.match(awaitingHtml, /action="[^"]*\/confirm"/);
	assert.equal((await mar.api('POST', `${p.url}/confirm`)).status, 409);
	assert.equal((await who.fra.api('POST', `${p.url}/confirm`)).status, 409);
	const yes = await sen.api('POST', `${p.url}/confirm`);
	assert.equal(yes.status, 200, yes.text.slice(0, 300));
	const senRow = yes.json.partnership.members.find((m) => m.actor_id === senId);
	assert.deepEqual([senRow.awaiting, senRow.withdrawn], [false, false]);
	assert.equal((await sen.api('POST', `${p.url}/confirm`)).status, 409);
	assert.equal((await sen.api('POST', '/partnerships/999999/confirm')).status, 404);
	assert.equal((await who.rev.api('POST', `${p.url}/confirm`)).status, 403);
	assert.equal((await mar.api('POST', `${p.url}/members`, { actor_id: who.fraId, role: 'member' })).status, 200);
	const no = await who.fra.api('POST', `${p.url}/withdraw`, { reason: 'Not this year' });
	assert.equal(no.status, 200, no.text.slice(0, 300));
	const fraRow = no.json.partnership.members.find((m) => m.actor_id === who.fraId);
	assert.deepEqual([fraRow.awaiting, fraRow.declined, fraRow.withdrawn], [false, true, true]);
	assert.equal((await who.fra.api('POST', `${p.url}/confirm`)).status, 409);
	// The lead removing a member still awaiting is no "no" of that member.
	const tunId = await actorId(srv, 'Tunisia');
	assert.equal((await mar.api('POST', `${p.url}/members`, { actor_id: tunId, role: 'member' })).status, 200);
	const removed = await mar.api('POST', `${p.url}/members/${tunId}/withdraw`, {});
	assert.equal(removed.status, 200, removed.text.slice(0, 300));
	const tunRow = removed.json.partnership.members.find((m) => m.actor_id === tunId);
	assert.deepEqual([tunRow.awaiting, tunRow.declined, tunRow.withdrawn], [false, false, true]);

	// The lead edits; the member may not.
	const denied = await sen.api('POST', `${p.url}/edit`, { name: 'Taken over' });
	assert.equal(denied.status, 403, denied.text.slice(0, 300));
	const edit = await mar.api('POST', `${p.url}/edit`, { name: 'Statistics, together', need_id: needId, commitments: [] });
	assert.equal(edit.status, 200, edit.text.slice(0, 300));
	assert.equal(edit.json.partnership.name, 'Statistics, together');
	assert.deepEqual(edit.json.partnership.commitments, []);
	const relinked = await mar.api('POST', `${p.url}/edit`, { name: 'Statistics, together', need_id: needId, commitments: [c.id] });
	assert.equal(relinked.status, 200, relinked.text.slice(0, 300));

	// Removed by the lead: a withdrawal, kept in the history, and no coming back silently.
	const out = await mar.api('POST', `${p.url}/members/${senId}/withdraw`, { reason: 'Funding ended' });
	assert.equal(out.status, 200, out.text.slice(0, 300));
	const gone = out.json.partnership.members.find((m) => m.actor_id === senId);
	assert.equal(gone.withdrawn, true);
	assert.equal(gone.withdrawn_reason, 'Funding ended');
	assert.equal((await mar.api('POST', `${p.url}/members`, { actor_id: senId, role: 'funder' })).status, 422);

	// The list and the page show the links; every step is audited.
	const list = (await anon().get('/api/v1/partnerships')).json.partnerships.find((x) => x.id === p.id);
	assert.equal(list.need_url, `/hub/needs/${needId}`);
	assert.deepEqual(list.commitments.map((x) => x.id), [c.id]);
	const page = pageText((await anon().get(`${p.url}?lang=en`)).text);
	assert.match(page, /Commitments it delivers Publish the surveys/);
	assert.match(page, /Senegal Funder .* Funding ended/);
	const fr = pageText((await anon().get(`${p.url}?lang=fr`)).text);
	assert.match(fr, /Engagements mis en œuvre Publish the surveys/);
	// In the change feed once, at its latest change, as its page shows it.
	const noted = (await allChanges()).filter((e) => e.kind === 'partnership' && e.id === p.id);
	assert.equal(noted.length, 1);
	assert.equal(noted[0].url, p.url);
	assert.equal(noted[0].content.members.find((m) => m.actor_id === senId).withdrawn_reason, 'Funding ended');
	const actions = (await audit(admin, `object_type=partnership&object_id=${p.id}`)).map((e) => e.action).sort();
	for (const a of ['partnership.create', 'partnership.edit', 'partnership.member', 'partnership.confirm',
		'partnership.withdraw'])
		assert.ok(actions.includes(a), `${a} in ${actions}`);
	const form = await mar.client.get(`${p.url}/edit`);
	assert.equal(form.status, 200);
	assert.match(form.text, new RegExp(`name="commitments" value="${c.id}"`));
	assert.equal((await sen.client.get(`${p.url}/edit`)).status, 403);
	assert.equal((await mar.client.get('/partnerships/new')).status, 200);

	// Valid HTML: the list, the page as anyone and as its lead (with the
	// lead's forms), the forms, a co-owned commitment's page and its edit form.
	const pages = [];
	for (const u of ['/partnerships', p.url, c.url])
		pages.push({ name: u, html: (await anon().get(u)).text });
	for (const u of [p.url, `${p.url}/edit`, '/partnerships/new', '/commitments/1', '/commitments/1/edit'])
		pages.push({ name: `${u} (lead)`, html: (await mar.client.get(u)).text });
	pages.push({ name: `${p.url} (awaiting member)`, html: awaitingHtml });
	assert.deepEqual(await vnuErrors(pages), []);
});
