// 725_api_writes — the API consistent: every write answers with the id and
// URL of what it made (an import: every one, in file order); PATCH changes
// only the fields it names and refuses unknown and read-only ones; a
// withdrawal needs a reason and keeps the commitment, shown withdrawn, in
// its history, the audit trail and the change feed's tombstone; anonymous
// reads of the API may be made from any site (CORS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, person, signedIn, pageText, runPacte, dbArgs } from './lib.mjs';

const srv = useServer();

const commitment = (extra = {}) => ({
	title: 'Register every birth of a migrant child', lang: 'en', objectives: [4],
	level: 'national', countries: ['MAR'], deliverables: ['A civil registry desk in 5 consulates'],
	target_date: '2029-12-31', status: 'planned', kind: 'individual', form: 'policy', ...extra,
});

const who = {};
async function cast() {
	if (!who.mar) {
		who.mar = await person(srv, 'focal_point', 'MAR');
		who.sen = await person(srv, 'focal_point', 'SEN');
	}
	return who;
}

test('writes answer with the id and URL of what they made; an import with every one, in file order', async () => {
	const { mar } = await cast();
	const made = await mar.api('POST', '/commitments', commitment());
	assert.equal(made.status, 201, made.text);
	assert.equal(typeof made.json.id, 'number');
	assert.equal(made.json.url, `/commitments/${made.json.id}`);
	assert.equal(made.headers.get('location'), made.json.url);
	const up = await mar.api('POST', `${made.json.url}/progress`, { status: 'in_progress' });
	assert.equal(up.status, 201, up.text);
	assert.equal(typeof up.json.id, 'number');
	assert.equal(up.json.url, `${made.json.url}#update-${up.json.id}`);

	const file = [commitment({ owner: 'MAR', title: 'First of the file' }),
		commitment({ owner: 'MAR', title: 'Second of the file', updates: [{ status: 'in_progress' }, { status: 'delayed' }] })];
	const imp = await mar.api('POST', '/commitments/import', file);
	assert.equal(imp.status, 200, imp.text);
	assert.equal(imp.json.created.length, 2);
	const [a, b] = imp.json.created;
	assert.ok(b.id > a.id, 'in file order');
	assert.equal(a.url, `/commitments/${a.id}`);
	assert.deepEqual(a.updates, []);
	assert.equal(b.updates.length, 2);
	const first = await new Client(srv).get('/api/v1' + a.url);
	assert.equal(first.json.commitment.title, 'First of the file');
});

test('PATCH changes what it names; unknown and read-only fields are refused, nothing written', async () => {
	const { mar, sen } = await cast();
	const c = (await mar.api('POST', '/commitments', commitment({ title: 'Patch me' }))).json;
	const r = await mar.api('PATCH', c.url, { title: 'Patched title', target_date: '2030-06-30' });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.id, c.id);
	assert.equal(r.json.commitment.title, 'Patched title');
	assert.equal(r.json.commitment.target_date, '2030-06-30');
	assert.deepEqual(r.json.commitment.deliverables, ['A civil registry desk in 5 consulates'], 'the rest kept');

	for (const [body, fields] of [
		[{ title: 'x', colour: 'blue' }, ['colour']],
		[{ id: 7, created_at: '2020-01-01T00:00:00.000Z' }, ['created_at', 'id']],
		[{ owner_actor_id: 1 }, ['owner_actor_id']],
	]) {
		const bad = await mar.api('PATCH', c.url, body);
		assert.equal(bad.status, 400, bad.text);
		assert.match(bad.headers.get('content-type'), /problem\+json/);
		assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), fields);
	}
	const colour = await mar.api('PATCH', c.url, { colour: 'blue' });
	assert.match(colour.json.errors[0].detail, /no such field/);
	const ro = await mar.api('PATCH', c.url, { created_at: 'x' });
	assert.match(ro.json.errors[0].detail, /cannot be changed/);
	const invalid = await mar.api('PATCH', c.url, { target_date: '2000-01-01', start_date: '2010-01-01' });
	assert.equal(invalid.status, 422);
	const empty = await mar.api('PATCH', c.url, {});
	assert.equal(empty.status, 400);
	assert.equal((await mar.api('PATCH', '/commitments/999999', { title: 'x' })).status, 404);
	assert.equal((await sen.api('PATCH', c.url, { title: 'Not yours' })).status, 403);
	const now = (await new Client(srv).get('/api/v1' + c.url)).json.commitment;
	assert.equal(now.title, 'Patched title', 'nothing written by a refusal');
});

test('a withdrawal needs a reason; the commitment stays, shown withdrawn, in its history and the feed', async () => {
	const { mar, sen } = await cast();
	const c = (await mar.api('POST', '/commitments', commitment({ title: 'To be withdrawn' }))).json;
	const start = (await new Client(srv).get('/api/v1/changes?limit=1')).json.last_cursor;
	const none = await mar.api('POST', `${c.url}/withdraw`, {});
	assert.equal(none.status, 422);
	assert.deepEqual(none.json.errors.map((e) => e.field), ['reason']);
	assert.equal((await sen.api('POST', `${c.url}/withdraw`, { reason: 'Not mine' })).status, 403);
	const w = await mar.api('POST', `${c.url}/withdraw`, { reason: 'Merged into a regional commitment.' });
	assert.equal(w.status, 200, w.text);
	assert.equal(w.json.commitment.withdrawn.reason, 'Merged into a regional commitment.');
	assert.equal((await mar.api('POST', `${c.url}/withdraw`, { reason: 'again' })).status, 409);
	assert.equal((await mar.api('PATCH', c.url, { title: 'After withdrawal' })).status, 409);
	assert.equal((await mar.api('POST', `${c.url}/progress`, { status: 'achieved' })).status, 409,
		'nothing is reported on it either');

	const page = await mar.client.get(c.url);
	assert.equal(page.status, 200);
	assert.match(pageText(page.text), /Withdrawn.*Merged into a regional commitment/);
	assert.match(page.text, /commitment\.withdraw/, 'in its history');
	assert.doesNotMatch(page.text, /action="[^"]*\/withdraw"/, 'no second withdrawal offered');
	const fr = await new Client(srv).get(`${c.url}?lang=fr`);
	assert.match(pageText(fr.text), /Retiré/);

	const feed = (await new Client(srv).get(`/api/v1/changes?since=${start}`)).json.changes;
	const t = feed.find((e) => e.kind === 'commitment' && e.id === c.id);
	assert.equal(t.op, 'withdrawn');
	assert.equal(t.content, null);
	assert.equal(t.tombstone.reason, 'Merged into a regional commitment.');
	assert.equal(t.url, c.url, 'its URL stays');

	const audit = await runPacte(['audit', 'verify', ...dbArgs(srv.dir)]);
	assert.equal(audit.code, 0, audit.stderr);
});

test('the withdrawal form on the page', async () => {
	const { mar } = await cast();
	const c = (await mar.api('POST', '/commitments', commitment({ title: 'Withdrawn by form' }))).json;
	const page = await mar.client.get(c.url);
	assert.match(page.text, new RegExp(`action="${c.url}/withdraw"`));
	const empty = await mar.client.submit(c.url, `${c.url}/withdraw`, { reason: '' });
	assert.equal(empty.status, 422);
	assert.match(pageText(empty.text), /Why is it withdrawn\? .*Error: This is required/);
	const ok = await mar.client.submit(c.url, `${c.url}/withdraw`, { reason: 'Done by another body.' });
	assert.equal(ok.status, 303);
	assert.equal(ok.headers.get('location'), c.url);
});

test('CORS: anonymous reads of the API may be made from any site; nothing personal is', async () => {
	// The same page's JSON asked by Accept first: its cached answer is not the API's.
	const accept = await new Client(srv).get('/commitments', { headers: { accept: 'application/json' } });
	assert.equal(accept.headers.get('access-control-allow-origin'), null);
	const anon = await new Client(srv).get('/api/v1/commitments', { headers: { origin: 'https://elsewhere.example' } });
	assert.equal(anon.headers.get('access-control-allow-origin'), '*');
	const again = await new Client(srv).get('/api/v1/commitments', { headers: { origin: 'https://elsewhere.example' } });
	assert.equal(again.headers.get('access-control-allow-origin'), '*', 'from the cache too');
	const { client } = await signedIn(srv, { role: 'admin' });
	const mine = await client.get('/api/v1/account', { headers: { origin: 'https://elsewhere.example' } });
	assert.equal(mine.headers.get('access-control-allow-origin'), null);
	const html = await new Client(srv).get('/commitments');
	assert.equal(html.headers.get('access-control-allow-origin'), null, 'the site is not the API');
});

test('one shape for indicator values: import, API bodies and answers; another is refused naming it', async () => {
	const { mar } = await cast();
	const withIndicators = commitment({ owner: 'MAR', title: 'Indicators by place',
		indicators: [{ name: 'Desks', unit: 'desks', target: 5 }, { name: 'Births registered', target: 1000 }] });
	const bad = await mar.api('POST', '/commitments/import', [{ ...withIndicators, updates: [{ status: 'in_progress', indicator_values: [2, 300] }] }]);
	assert.equal(bad.status, 422, bad.text);
	assert.match(bad.json.errors[0].detail, /\[\{"indicator_id": 1, "value": 40\}\]/);
	const far = await mar.api('POST', '/commitments/import', [{ ...withIndicators, updates: [{ status: 'in_progress', indicator_values: [{ indicator_id: 3, value: 1 }] }] }]);
	assert.equal(far.status, 422);
	assert.match(far.json.errors[0].detail, /has 2 indicators/);
	const ok = await mar.api('POST', '/commitments/import', [{ ...withIndicators, updates: [{ status: 'in_progress', indicator_values: [{ indicator_id: 2, value: 300 }] }] }]);
	assert.equal(ok.status, 200, ok.text);
	const page = (await new Client(srv).get('/api/v1' + ok.json.created[0].url)).json;
	const births = page.commitment.indicators.find((i) => i.name === 'Births registered');
	assert.deepEqual(page.updates[0].indicator_values.map((v) => [v.indicator_id, v.value]), [[births.id, 300]],
		'the place became the indicator\'s id: the answer has the same shape');
	// The API's body: the same shape; a bare list of numbers is refused, showing the shape.
	const positional = await mar.api('POST', `${page.commitment.url}/progress`, { status: 'in_progress', indicator_values: [40] });
	assert.equal(positional.status, 422);
	assert.match(positional.json.errors.find((e) => e.field === 'indicator_values').detail, /\{"indicator_id": 7, "value": 610\}/);
	const keyed = await mar.api('POST', `${page.commitment.url}/progress`, { status: 'in_progress', indicator_values: [{ indicator_id: births.id, value: 450 }] });
	assert.equal(keyed.status, 201, keyed.text);
	assert.deepEqual(keyed.json.indicator_values.map((v) => [v.indicator_id, v.value]), [[births.id, 450]]);
});
