// 810_events_full — the events in full over HTTP (issue 14): an
// administrator adds a session with the objectives discussed; a state's
// focal point records its participation with its delegation's role, a
// statement and one of its commitments announced there; each only for its
// own actor (403 otherwise), bad input 422 with nothing written, a second
// announcement 409; the event's page and its JSON twin show all four, the
// actor's page and its country's page its part, the commitment's page the
// event it was announced at; the pages are valid HTML, in French too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, person, vnuErrors } from './lib.mjs';

const srv = useServer();
const EVENT = '/events/imrf-2022';

const commitment = {
	title: 'Open ten reception desks', description: 'Announced at the forum.', lang: 'en',
	objectives: [7], principles: ['human-rights'], level: 'national', countries: ['MAR'],
	start_date: '2022-06-01', target_date: '2026-12-31', deliverables: ['Ten desks'],
	indicators: [{ name: 'Desks', unit: 'desks', baseline: 0, target: 10 }],
	status: 'planned', kind: 'individual', form: 'process',
};

test('sessions, participants, statements and announced commitments of an event', async () => {
	const admin = await person(srv, 'admin');
	const mar = await person(srv, 'focal_point', 'MAR');
	const sen = await person(srv, 'focal_point', 'SEN');
	const anon = new Client(srv);

	// a session: administrators only; its time checked
	const session = { title: 'Round table 1', starts_at: '2022-05-18T10:00', ends_at: '2022-05-18T13:00',
		objectives: [7, 23] };
	assert.equal((await mar.api('POST', EVENT + '/sessions', session)).status, 403);
	const badTime = await admin.api('POST', EVENT + '/sessions', { ...session, ends_at: '2022-05-17T09:00' });
	assert.equal(badTime.status, 422, badTime.text);
	assert.deepEqual(badTime.json.errors.map((e) => e.field), ['ends_at']);
	assert.equal((await admin.api('POST', EVENT + '/sessions', { ...session, starts_at: '18 May' })).status, 422);
	const s = await admin.api('POST', EVENT + '/sessions', session);
	assert.equal(s.status, 201, s.text);
	assert.equal(s.json.sessions.length, 1);
	assert.deepEqual(s.json.sessions[0].objectives.map((o) => o.number), [7, 23]);
	assert.equal((await admin.api('POST', '/events/no-such-event/sessions', session)).status, 404);

	// participation: for one's own actor, with a role
	const join = await mar.api('POST', EVENT + '/participants', { role: 'head_of_delegation' });
	assert.equal(join.status, 200, join.text);
	const me = join.json.participants.find((p) => p.role === 'head_of_delegation');
	assert.ok(me, JSON.stringify(join.json.participants));
	assert.equal((await sen.api('POST', EVENT + '/participants', { actor_id: me.actor.id, role: 'observer' })).status, 403);
	assert.equal((await mar.api('POST', EVENT + '/participants', { role: 'king' })).status, 422);
	const again = await mar.api('POST', EVENT + '/participants', { role: 'speaker' });
	assert.deepEqual(again.json.participants.map((p) => p.role), ['speaker']);

	// a statement: a text or a link; a session of this event only
	assert.equal((await mar.api('POST', EVENT + '/statements', { title: 'Empty' })).status, 422);
	const otherSession = await mar.api('POST', EVENT + '/statements', { title: 'Elsewhere', body: 'x', session_id: 999999 });
	assert.equal(otherSession.status, 422, otherSession.text);
	const st = await mar.api('POST', EVENT + '/statements', { title: 'Statement of Morocco',
		body: 'We **commit** to open reception desks.', session_id: s.json.sessions[0].id, lang: 'fr' });
	assert.equal(st.status, 201, st.text);
	const said = st.json.statements[0];
	assert.match(said.body_html, /<strong>commit<\/strong>/);
	assert.equal(said.session_title, 'Round table 1');
	assert.equal((await sen.api('POST', EVENT + '/statements', { actor_id: me.actor.id, title: 'x', body: 'y' })).status, 403);

	// a commitment announced there: its owner's people, once
	const c = await mar.api('POST', '/commitments', commitment);
	assert.equal(c.status, 201, c.text);
	const cid = Number(c.headers.get('location').split('/').pop());
	assert.equal((await sen.api('POST', EVENT + '/commitments', { commitment_id: cid })).status, 403);
	assert.equal((await mar.api('POST', EVENT + '/commitments', { commitment_id: 999999 })).status, 422);
	const ann = await mar.api('POST', EVENT + '/commitments', { commitment_id: cid });
	assert.equal(ann.status, 200, ann.text);
	assert.deepEqual(ann.json.commitments.map((x) => x.id), [cid]);
	assert.equal((await mar.api('POST', '/events/marrakech-2018/commitments', { commitment_id: cid })).status, 409);

	// the page for anyone, and the actor's page
	const page = await anon.get('/api/v1' + EVENT);
	assert.equal(page.json.sessions.length, 1);
	assert.equal(page.json.participants.length, 1);
	assert.equal(page.json.statements.length, 1);
	assert.equal(page.json.commitments.length, 1);
	assert.equal(page.json.can_organise, undefined);
	const actor = await anon.get(`/api/v1/actors/${me.actor.id}`);
	assert.equal(actor.json.events.participations[0].role, 'speaker');
	assert.equal(actor.json.events.statements[0].url, `${EVENT}#statement-${said.id}`);
	assert.match((await anon.get(EVENT + '?lang=fr')).text, /Programme/);

	// the commitment's page names the event it was announced at, and the
	// country's page its state's part (participation, statement, session)
	const cpage = await anon.get(`/api/v1/commitments/${cid}`);
	assert.equal(cpage.json.commitment.announced_at.url, EVENT);
	assert.equal(cpage.json.commitment.announced_at.slug, 'imrf-2022');
	assert.match((await anon.get(`/commitments/${cid}`)).text, new RegExp(`<a href="${EVENT}">`));
	const country = await anon.get('/api/v1/countries/MAR');
	assert.equal(country.json.events.participations[0].role, 'speaker');
	assert.equal(country.json.events.statements[0].session_title, 'Round table 1');
	assert.equal((await anon.get('/api/v1/countries/SEN')).json.events.any, false);

	// the session and the statement are in the change feed
	const changes = (await anon.get('/api/v1/changes?limit=500')).json.changes;
	const sess = changes.find((x) => x.kind === 'event_session');
	assert.equal(sess.content.title, 'Round table 1');
	assert.equal(sess.url, EVENT);
	const stmt = changes.find((x) => x.kind === 'event_statement');
	assert.equal(stmt.url, `${EVENT}#statement-${said.id}`);
	assert.equal(stmt.content.actor.id, me.actor.id);

	const pages = [
		{ name: EVENT, html: (await anon.get(EVENT)).text },
		{ name: 'admin ' + EVENT, html: (await admin.client.get(EVENT)).text },
		{ name: 'focal point ' + EVENT, html: (await mar.client.get(EVENT)).text },
		{ name: 'fr ' + EVENT, html: (await anon.get(EVENT + '?lang=fr')).text },
		{ name: 'actor', html: (await anon.get(`/actors/${me.actor.id}`)).text },
		{ name: 'commitment', html: (await anon.get(`/commitments/${cid}`)).text },
		{ name: 'country', html: (await anon.get('/countries/MAR')).text },
		{ name: 'fr country', html: (await anon.get('/countries/MAR?lang=fr')).text },
	];
	assert.deepEqual(await vnuErrors(pages), []);
});
