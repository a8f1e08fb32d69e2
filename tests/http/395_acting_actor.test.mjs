// 395_acting_actor — a person who belongs to two actors chooses, on each
// write form, which one they write for (issue 18, item 3): the forms offer
// the choice (the current actor selected), the commitment and the progress
// report are attributed to the chosen actor and show it, can() judges the
// chosen actor's rights, and an actor they do not belong to is refused and
// audited. The session keeps acting for its own actor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, signedIn, csrfFrom, actorId } from './lib.mjs';
import { useMailServer, sentTo, linkIn } from './smtp.mjs';

const env = useMailServer();

async function actorOf(client) {
	return (await client.get('/api/v1/account')).json.actor.id;
}

// GET page for its token, then POST the pairs (repeated names) to action.
async function post(client, page, action, pairs) {
	const token = csrfFrom((await client.get(page)).text);
	assert.ok(token, `${page} has a CSRF token`);
	return client.request(action, { method: 'POST', form: [['csrf_token', token], ...pairs] });
}

const commitment = (iso3, extra = []) => [
	['title', `Open one-stop centres (${iso3})`], ['lang', 'en'],
	['description', 'Centres in four regions.'], ['objectives', '21'], ['level', 'national'],
	['countries', iso3], ['start_date', '2024-02-01'], ['target_date', '2031-06-30'],
	['deliverables', '4 centres open'], ['status', 'planned'], ['kind', 'individual'],
	['form', 'policy'], ...extra,
];

test('the acting actor is chosen on the form, checked, and shown on what is written', async () => {
	// A focal point of Ghana invites a focal point of Senegal, who joins.
	const { client: gha } = await signedIn(env.srv, { role: 'focal_point', actor: 'GHA' });
	const ghana = await actorOf(gha);
	const { client: x, user } = await signedIn(env.srv, { role: 'focal_point', actor: 'SEN' });
	const senegal = await actorOf(x);
	let r = await gha.submit(`/actors/${ghana}/members`, `/actors/${ghana}/members/invite`,
		{ email: user.email, role: 'focal_point' });
	assert.equal(r.status, 303, r.text.slice(0, 400));
	const m = await env.smtp.waitFor((y) => sentTo(user.email)(y) && /invited to join/.test(y.subject), 'invitation');
	const link = linkIn(m, '/invitations/accept');
	const token = new URL(link, env.srv.base).searchParams.get('token');
	r = await x.request('/invitations/accept', {
		method: 'POST', form: { csrf_token: csrfFrom((await x.get(link)).text), token },
	});
	assert.equal(r.status, 303, r.text.slice(0, 400));

	// The forms offer both, the current actor selected; one actor: no choice.
	for (const page of ['/commitments/new', '/hub/needs/new']) {
		const form = await x.get(page);
		assert.equal(form.status, 200, page);
		assert.match(form.text, /<select name="acting_for">/, page);
		assert.match(form.text, new RegExp(`<option value="${senegal}" selected>`), page);
		assert.match(form.text, new RegExp(`<option value="${ghana}">`), page);
	}
	assert.doesNotMatch((await gha.get('/commitments/new')).text, /name="acting_for"/);

	// Written for Ghana: Ghana's commitment, Ghana's report.
	r = await post(x, '/commitments/new', '/commitments/new',
		commitment('GHA', [['acting_for', String(ghana)]]));
	assert.equal(r.status, 303, r.text.slice(0, 500));
	const url = r.headers.get('location');
	let c = (await new Client(env.srv).get('/api/v1' + url)).json;
	assert.equal(c.commitment.owner.id, ghana);
	r = await post(x, url + '/progress', url + '/progress', [
		['reported_at', '2025-03-01'], ['status', 'in_progress'], ['percent', '20'],
		['narrative', 'Two centres open.'], ['acting_for', String(ghana)],
	]);
	assert.equal(r.status, 303, r.text.slice(0, 500));
	c = (await new Client(env.srv).get('/api/v1' + url)).json;
	assert.equal(c.updates[0].reported_by.id, ghana);
	assert.equal(c.updates[0].reported_by.name, 'Ghana');

	// For Senegal, the rights are Senegal's: Ghana's commitment is not theirs.
	r = await post(x, url + '/progress', url + '/progress', [
		['reported_at', '2025-04-01'], ['status', 'in_progress'], ['narrative', 'More.'],
		['acting_for', String(senegal)],
	]);
	assert.equal(r.status, 403);

	// An actor they do not belong to, or no id at all: refused, audited.
	const mali = await actorId(env.srv, 'Mali');
	for (const forged of [String(mali), 'x1']) {
		r = await post(x, '/commitments/new', '/commitments/new',
			commitment('MLI', [['acting_for', forged]]));
		assert.equal(r.status, 403, forged);
	}
	const admin = (await signedIn(env.srv, { role: 'admin' })).client;
	const audit = await admin.get(`/admin/audit?object_type=actor&object_id=${mali}`,
		{ headers: { accept: 'application/json' } });
	assert.ok(audit.json.entries.some((e) => e.action === 'denied:member.act_for'),
		JSON.stringify(audit.json.entries.map((e) => e.action)));
	const list = (await new Client(env.srv).get(`/api/v1/commitments?actor=${mali}`)).json;
	assert.equal(list.commitments.length, 0, 'nothing written for Mali');

	// Without a choice the write is the current actor's; the session is unchanged.
	r = await post(x, '/commitments/new', '/commitments/new', commitment('SEN'));
	assert.equal(r.status, 303, r.text.slice(0, 500));
	c = (await new Client(env.srv).get('/api/v1' + r.headers.get('location'))).json;
	assert.equal(c.commitment.owner.id, senegal);
	assert.equal(await actorOf(x), senegal);
});
