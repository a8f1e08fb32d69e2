// 324_security_participants — regression tests for findings 4, 6 and the
// second half of 15 of the security review (issue 11), each failing on the
// code before its fix:
//   4. a commitment could name any actor as a participant, and it then
//      counted on that actor's page and in its statistics without its
//      consent: now a participation counts only once the actor's own focal
//      points or editors accept it; until then the page says "invited";
//      they may decline, or leave later;
//   6. a denied commitment.create did not name the owner targeted, and the
//      records an import refused for their owner were not audited at all;
//  15. a progress update's JSON gave its author's account id and personal
//      name: it now names the organisation that reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
	useServer, Client, actorId, csrfFrom, pageText, tokenOf, vnuErrors, person, registerPartner,
} from './lib.mjs';

const srv = useServer();

// The people of this file, made on first use: Morocco's and Senegal's
// focal points, an administrator, and the two states' actor ids.
let who;
async function cast() {
	who ??= {
		mar: await person(srv, 'focal_point', 'MAR'),
		sen: await person(srv, 'focal_point', 'SEN'),
		admin: await person(srv, 'admin'),
		senId: await actorId(srv, 'Senegal'),
		marId: await actorId(srv, 'Morocco'),
	};
	return who;
}

const pledge = (extra = {}) => ({
	title: 'A joint pledge of Morocco',
	lang: 'en',
	objectives: [7],
	level: 'regional',
	countries: ['MAR', 'SEN'],
	kind: 'partnership',
	form: 'policy',
	...extra,
});

// What the public sees of an actor: its standing's total (0 without one)
// and the total of the list filtered by it.
async function counted(actor) {
	const anon = new Client(srv);
	const page = await anon.get(`/api/v1/actors/${actor}`);
	assert.equal(page.status, 200, page.text.slice(0, 300));
	const list = await anon.get(`/api/v1/commitments?actor=${actor}&limit=100`);
	assert.equal(list.status, 200, list.text.slice(0, 300));
	return {
		standing: page.json.standing ? page.json.standing.total : 0,
		list: list.json.total,
		ids: list.json.commitments.map((c) => c.id),
	};
}

// Posts an answer for participant `actor` of commitment `id` through the API.
const answer = (p, id, actor, body) =>
	p.api('POST', `/commitments/${id}/participants/${actor}/answer`, body);

// The audit entries of admin's view filtered by query, changes parsed.
async function auditEntries(admin, query) {
	const r = await admin.api('GET', `/admin/audit?${query}`);
	assert.equal(r.status, 200, r.text.slice(0, 300));
	return r.json.entries.map((e) => ({
		...e, changes: typeof e.changes === 'string' ? JSON.parse(e.changes) : e.changes,
	}));
}

test('finding 4: a participant named without its consent counts nowhere for it', async () => {
	const { mar, senId } = await cast();
	const before = await counted(senId);
	const r = await mar.api('POST', '/commitments', pledge({ participants: [senId] }));
	assert.equal(r.status, 201, r.text);
	const c = r.json.commitment;
	assert.deepEqual(c.participants.map((p) => [p.id, p.status, p.invited]), [[senId, 'invited', true]]);
	const after = await counted(senId);
	assert.equal(after.standing, before.standing, 'not in the actor\'s standing');
	assert.equal(after.list, before.list, 'not in the list filtered by the actor');
	assert.ok(!after.ids.includes(c.id));
	// The commitment's page says so, in words, in both languages.
	const en = await new Client(srv).get(`${c.url}?lang=en`);
	assert.match(pageText(en.text), /Other participants Senegal \(Member\) awaiting confirmation/);
	const fr = await new Client(srv).get(`${c.url}?lang=fr`);
	assert.match(pageText(fr.text), /(Sénégal|Senegal) \(Membre\) en attente de confirmation/);
	// Nobody but Senegal's own people is offered to answer.
	assert.doesNotMatch((await mar.client.get(c.url)).text, /participants\/\d+\/answer/);
});

test('findings 3 and 4: an organisation awaiting accreditation, named as a participant, ' +
	'is on no commitment page', async () => {
	const { mar } = await cast();
	const org = await registerPartner(srv);
	const pending = await actorId(srv, org.name, 'requested');
	const r = await mar.api('POST', '/commitments', pledge({ participants: [pending] }));
	assert.equal(r.status, 201, r.text);
	const c = r.json.commitment;
	assert.deepEqual(c.participants, []);
	const anon = new Client(srv);
	const page = await anon.get(c.url);
	assert.equal(page.status, 200);
	assert.ok(!page.text.includes(org.name), 'the pending organisation\'s name is not shown');
	const json = await anon.get(`/api/v1${c.url}`);
	assert.deepEqual(json.json.commitment.participants, []);
});

test('finding 4: only the named actor\'s people accept; then it counts; they may leave', async () => {
	const { mar, sen, admin, senId } = await cast();
	const c = (await mar.api('POST', '/commitments', pledge({ participants: [senId] }))).json.commitment;
	const before = await counted(senId);

	// The owner cannot accept in Senegal's name: 403, in the audit trail.
	const forged = await answer(mar, c.id, senId, { answer: 'accept' });
	assert.equal(forged.status, 403, forged.text.slice(0, 300));
	assert.equal((await counted(senId)).list, before.list);
	const denied = (await auditEntries(admin, `object_type=commitment&object_id=${c.id}`))
		.filter((e) => e.action === 'denied:participation.answer');
	assert.equal(denied.length, 1);
	assert.equal(denied[0].changes.participant.after, senId, 'the denial names the participant');

	// A refused answer is named, and changes nothing.
	const bad = await answer(sen, c.id, senId, { answer: 'maybe' });
	assert.equal(bad.status, 422);
	assert.deepEqual(bad.json.errors.map((e) => e.field), ['answer']);

	// Senegal's focal point sees the buttons and accepts through the form.
	const page = await sen.client.get(c.url);
	assert.match(page.text, new RegExp(`action="/commitments/${c.id}/participants/${senId}/answer"`));
	const yes = await sen.client.request(`/commitments/${c.id}/participants/${senId}/answer`, {
		method: 'POST', form: { csrf_token: csrfFrom(page.text), answer: 'accept' },
	});
	assert.equal(yes.status, 303, yes.text.slice(0, 300));
	assert.equal(yes.headers.get('location'), `/commitments/${c.id}`);
	let now = await counted(senId);
	assert.equal(now.standing, before.standing + 1);
	assert.equal(now.list, before.list + 1);
	assert.ok(now.ids.includes(c.id));
	const shown = (await new Client(srv).get('/api/v1' + c.url)).json.commitment.participants;
	assert.deepEqual(shown.map((p) => [p.id, p.status]), [[senId, 'accepted']]);
	assert.doesNotMatch(pageText((await new Client(srv).get(`${c.url}?lang=en`)).text),
		/Senegal invited/);

	// An edit by the owner keeps the answer.
	const edit = await mar.api('POST', c.url + '/edit', pledge({ title: 'Renamed pledge', participants: [senId] }));
	assert.equal(edit.status, 200, edit.text.slice(0, 300));
	assert.equal(edit.json.commitment.participants[0].status, 'accepted');

	// Leaving: declined, counted nowhere, shown nowhere.
	const leave = await answer(sen, c.id, senId, { answer: 'decline' });
	assert.equal(leave.status, 200, leave.text.slice(0, 300));
	now = await counted(senId);
	assert.equal(now.list, before.list);
	assert.equal(now.standing, before.standing);
	assert.deepEqual((await new Client(srv).get('/api/v1' + c.url)).json.commitment.participants, []);
	// ... and an edit that still names Senegal does not invite it again.
	const again = await mar.api('POST', c.url + '/edit', pledge({ title: 'Renamed again', participants: [senId] }));
	assert.equal(again.status, 200, again.text.slice(0, 300));
	assert.equal((await counted(senId)).list, before.list);

	// Every answer is in the commitment's history, with before and after.
	const answers = (await auditEntries(admin, `object_type=commitment&object_id=${c.id}`))
		.filter((e) => e.action === 'participation.answer').map((e) => e.changes[`participants.${senId}`]);
	assert.deepEqual(answers.map((a) => [a.before, a.after]).sort(),
		[['accepted', 'declined'], ['invited', 'accepted']]);
});

test('finding 4: the invited actor\'s page lists the invitation for its own people only', async () => {
	const { mar, sen, senId } = await cast();
	const c = (await mar.api('POST', '/commitments', pledge({
		title: 'An invitation to Senegal', participants: [senId],
	}))).json.commitment;
	const own = await sen.client.get(`/actors/${senId}?lang=en`);
	assert.equal(own.status, 200);
	assert.match(own.text, /Invitations to take part/);
	assert.ok(own.text.includes(`action="/commitments/${c.id}/participants/${senId}/answer"`));
	for (const other of [mar.client, new Client(srv)]) {
		const page = await other.get(`/actors/${senId}?lang=en`);
		assert.doesNotMatch(page.text, /Invitations to take part/);
	}
	assert.equal((await answer(sen, c.id, senId, { answer: 'decline' })).status, 200);
	assert.doesNotMatch((await sen.client.get(`/actors/${senId}?lang=en`)).text,
		new RegExp(`/commitments/${c.id}/participants`));
});

test('finding 6: a denied creation names the owner it targeted', async () => {
	const { sen, admin, marId } = await cast();
	const r = await sen.api('POST', '/commitments', pledge({ owner_actor_id: marId, participants: [] }));
	assert.equal(r.status, 403, r.text.slice(0, 300));
	const denials = (await auditEntries(admin, 'object_type=commitment'))
		.filter((e) => e.action === 'denied:commitment.create' && e.changes && e.changes.owner_actor_id);
	assert.ok(denials.some((e) => e.changes.owner_actor_id.after === marId),
		JSON.stringify(denials.map((e) => e.changes)));
});

test('finding 6: records an import refuses for their owner are audited, once, with the owners', async () => {
	const { sen, admin, marId } = await cast();
	const csv = [
		'owner,title,lang,objectives,level,countries,kind,form',
		'MAR,Not theirs one,en,7,national,MAR,individual,policy',
		'MAR,Not theirs two,en,7,national,MAR,individual,policy',
		'SEN,Their own,en,7,national,SEN,individual,policy',
	].join('\n') + '\n';
	const before = (await auditEntries(admin, 'object_type=commitment'))
		.filter((e) => e.action === 'denied:commitment.create').length;
	const r = await new Client(srv).request('/api/v1/commitments/import', {
		method: 'POST', body: csv,
		headers: { authorization: `Bearer ${await tokenOf(sen.client)}`, 'content-type': 'text/csv',
			accept: 'application/json' },
	});
	assert.equal(r.status, 422, r.text.slice(0, 500));
	const denials = (await auditEntries(admin, 'object_type=commitment'))
		.filter((e) => e.action === 'denied:commitment.create');
	assert.equal(denials.length, before + 1, 'one entry for the import');
	const e = denials.find((d) => d.changes && d.changes.import);
	assert.ok(e, JSON.stringify(denials.map((d) => d.changes)));
	assert.deepEqual(e.changes.owner_actor_id.after, [marId]);
	assert.equal(e.changes.records.after, 2);
	assert.equal(e.user.id, sen.user.id);
});

test('finding 15: a progress update shows the organisation that reported, not the person', async () => {
	const { mar, marId } = await cast();
	const c = (await mar.api('POST', '/commitments', pledge({
		title: 'Reported on', level: 'national', countries: ['MAR'], kind: 'individual',
	}))).json.commitment;
	const u = await mar.api('POST', c.url + '/progress', { status: 'in_progress', narrative: 'Under way.' });
	assert.equal(u.status, 201, u.text.slice(0, 300));
	const page = (await new Client(srv).get('/api/v1' + c.url)).json;
	const item = page.updates[0];
	assert.equal(item.author, undefined, 'no account id, no personal name');
	assert.deepEqual(item.reported_by, { id: marId, name: 'Morocco', url: `/actors/${marId}` });
	assert.ok(!JSON.stringify(page).includes(mar.user.name), 'the person\'s name is nowhere');
	assert.equal(u.json.reported_by.id, marId, 'nor in the answer to the write');
	const html = await new Client(srv).get(`${c.url}?lang=en`);
	assert.match(pageText(html.text), /Reported by Morocco/);
	assert.ok(!html.text.includes(mar.user.name));
});

test('finding 4: the pages with answers are valid HTML, in English and French', { timeout: 300000 }, async () => {
	const { mar, sen, senId } = await cast();
	const c = (await mar.api('POST', '/commitments', pledge({
		title: 'Checked by the validator', participants: [senId],
	}))).json.commitment;
	const done = (await mar.api('POST', '/commitments', pledge({
		title: 'Accepted and checked', participants: [senId],
	}))).json.commitment;
	assert.equal((await answer(sen, done.id, senId, { answer: 'accept' })).status, 200);
	const pages = [];
	const keep = (name, r, status) => {
		assert.equal(r.status, status, `${name}: ${r.text.slice(0, 300)}`);
		pages.push({ name, html: r.text });
	};
	for (const lang of ['en', 'fr']) {
		keep(`invited, anonymous ${lang}`, await new Client(srv).get(`${c.url}?lang=${lang}`), 200);
		keep(`invited, its people ${lang}`, await sen.client.get(`${c.url}?lang=${lang}`), 200);
		keep(`accepted, its people ${lang}`, await sen.client.get(`${done.url}?lang=${lang}`), 200);
		keep(`invitations ${lang}`, await sen.client.get(`/actors/${senId}?lang=${lang}`), 200);
	}
	const page = await sen.client.get(c.url);
	keep('answer refused', await sen.client.request(`/commitments/${c.id}/participants/${senId}/answer`, {
		method: 'POST', form: { csrf_token: csrfFrom(page.text), answer: 'perhaps' },
	}), 422);
	assert.deepEqual(await vnuErrors(pages), []);
});

test('an organisation awaiting accreditation owns nothing, even when an administrator names it', async () => {
	const { admin } = await cast();
	const org = await registerPartner(srv);
	const pending = await actorId(srv, org.name, 'requested');
	const r = await admin.api('POST', '/commitments', pledge({ owner_actor_id: pending, kind: 'individual', countries: ['MAR'] }));
	assert.equal(r.status, 422, r.text.slice(0, 300));
	assert.deepEqual(r.json.errors.map((e) => [e.field, e.message_id]), [['owner_actor_id',
		'This organisation is awaiting accreditation: it can be named once accredited.']]);
	const list = await admin.api('GET', `/commitments?actor=${pending}`);
	assert.equal(list.json.total, 0);
});
