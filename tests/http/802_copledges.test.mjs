// 802_copledges — pledges made together and partnerships on their own
// (issue 14, item 4): a co-owned commitment recorded by its lead with a
// member and a funder, each part "awaiting confirmation" until that
// actor's people confirm it; the lead edits, a member may not; the
// answers audited, in the change feed and on the member's page; a
// matching pledge shown on both pages ("answers" / "answered by"); a
// partnership recorded on its own, its members added and withdrawn (the
// history kept), linked to a need, a commitment and a practice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, actorId, pageText, person } from './lib.mjs';

const srv = useServer();

const who = {};
async function cast() {
	if (!who.mar) {
		who.mar = await person(srv, 'focal_point', 'MAR');
		who.sen = await person(srv, 'focal_point', 'SEN');
		who.fra = await person(srv, 'focal_point', 'FRA');
		who.admin = await person(srv, 'admin');
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
	const feed = await anon().get('/api/v1/changes?since=0&limit=500');
	assert.equal(feed.status, 200);
	let entries = feed.json.changes;
	for (let url = feed.json.next; url; ) {
		const more = await anon().get(url);
		entries = entries.concat(more.json.changes);
		url = more.json.next;
	}
	assert.ok(entries.some((e) => e.kind === 'commitment' && e.id === c.id));

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
