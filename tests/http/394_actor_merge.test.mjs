// 394_actor_merge — duplicate organisations merged by an administrator
// (issue 18, item 6; src/domain/merge.h): the confirmation lists what
// moves, the merge moves the duplicate's commitment and people, its old
// URL (and the JSON twin's) answers 301 to the organisation kept, it is on
// no list, the audit trail says so; the refusals (a non-administrator,
// audited; into itself; a merged one) on the web and at the console. One
// server for the file; test_merge.c covers every table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
	useServer, Client, actorId, runPacte, dbArgs, assertCleanExit, getJSON, person,
	registerPartner, pageText,
} from './lib.mjs';

const srv = useServer();

let seq = 0;
async function accredited(name) {
	await registerPartner(srv, { org_name: name, email: `merge${++seq}-${process.pid}@example.org` });
	const id = await actorId(srv, name, 'requested');
	assertCleanExit(await runPacte(['actor', 'decide', ...dbArgs(srv.dir), String(id), 'accredit']),
		'pacte actor decide accredit');
	return id;
}

test('an administrator merges a duplicate: records move, the old URL redirects, audited', async () => {
	const kept = await accredited('Merge Kept Network');
	const dup = await accredited('Merge Kept Netwrok Duplicate');
	const ed = await person(srv, 'editor', dup);
	const made = await ed.api('POST', '/commitments', {
		title: 'Desks for newcomers', lang: 'en', objectives: [4], level: 'national',
		countries: ['MAR'], deliverables: ['Two desks'], target_date: '2029-12-31',
		status: 'planned', kind: 'individual', form: 'policy',
	});
	assert.equal(made.status, 201, made.text);
	assert.equal((await ed.api('POST', `${made.json.url}/progress`, { status: 'in_progress' })).status, 201);

	// Anyone but an administrator: refused, and the attempt recorded.
	assert.equal((await ed.client.get(`/actors/${dup}/merge`)).status, 403);
	const refused = await ed.api('POST', `/actors/${dup}/merge`, { into: kept });
	assert.equal(refused.status, 403, refused.text);

	const admin = await person(srv, 'admin');
	const page = await admin.client.get(`/actors/${dup}/merge?into=${kept}`);
	assert.equal(page.status, 200, page.text.slice(0, 300));
	const text = pageText(page.text);
	assert.match(text, /Commitments\s*1/);
	assert.match(text, /Progress reports\s*1/);
	assert.match(text, /Accounts\s*2/);
	assert.match(text, /Merge into this organisation/);

	const preview = await admin.api('GET', `/actors/${dup}/merge?into=${kept}`);
	assert.equal(preview.status, 200, preview.text);
	assert.equal(preview.json.problem, null);
	assert.equal(preview.json.into.id, kept);
	assert.ok(preview.json.total >= 6, preview.text);

	const self = await admin.api('POST', `/actors/${dup}/merge`, { into: dup });
	assert.equal(self.status, 422, self.text);
	assert.match(self.text, /cannot be merged into itself/);
	// Refused in the reader's language.
	const refusedPage = await admin.client.submit(`/actors/${dup}/merge?lang=fr`,
		`/actors/${dup}/merge?lang=fr`, { into: dup });
	assert.equal(refusedPage.status, 422);
	assert.match(pageText(refusedPage.text), /ne peut pas être fusionnée avec elle-même/);

	const done = await admin.client.submit(`/actors/${dup}/merge?into=${kept}`,
		`/actors/${dup}/merge`, { into: kept });
	assert.equal(done.status, 303, done.text.slice(0, 300));
	assert.equal(done.headers.get('location'), `/actors/${kept}`);

	// The old URL, and its JSON twin, move for good.
	const anon = new Client(srv);
	const html = await anon.get(`/actors/${dup}?lang=fr`);
	assert.equal(html.status, 301);
	assert.equal(html.headers.get('location'), `/actors/${kept}?lang=fr`);
	const json = await anon.get(`/api/v1/actors/${dup}`);
	assert.equal(json.status, 301);
	assert.equal(json.headers.get('location'), `/api/v1/actors/${kept}`);

	// The commitment is the kept organisation's, its people too; the
	// duplicate is on no list.
	const c = await getJSON(srv.base, `/api/v1${made.json.url}`);
	assert.equal(c.json.commitment.owner.id, kept);
	const list = await getJSON(srv.base, '/api/v1/actors?q=Merge');
	assert.deepEqual(list.json.actors.map((a) => a.id), [kept]);
	assert.equal((await getJSON(srv.base, '/api/v1/search?q=Netwrok')).json.count, 0,
		'out of the search');
	const audit = await admin.client.get(`/api/v1/admin/audit?object_type=actor&object_id=${dup}`,
		{ headers: { accept: 'application/json' } });
	assert.equal(audit.status, 200, audit.text.slice(0, 300));
	const actions = audit.json.entries.map((e) => e.action);
	assert.ok(actions.includes('actor.merge'), actions.join());
	assert.ok(actions.includes('denied:actor.merge'), actions.join());
	const entry = audit.json.entries.find((e) => e.action === 'actor.merge');
	assert.match(JSON.stringify(entry.changes), /commitment\.owner_actor_id/);

	// Merged already: refused, with the reason.
	const again = await admin.api('POST', `/actors/${kept}/merge`, { into: dup });
	assert.equal(again.status, 409, again.text);
	assert.match(again.text, /merged into another/);
});

test('pacte actor merge B INTO A: the same merge at the console, and its refusals', async () => {
	const kept = await accredited('Console Kept Union');
	const dup = await accredited('Console Duplicate Union');
	const r = await runPacte(['actor', 'merge', ...dbArgs(srv.dir), String(dup), 'INTO', String(kept)]);
	assertCleanExit(r, 'pacte actor merge');
	assert.match(r.stdout, new RegExp(`actor ${dup} merged into actor ${kept}`));
	assert.match(r.stdout, /account\.actor_id\t1 moved/);
	const twice = await runPacte(['actor', 'merge', ...dbArgs(srv.dir), String(dup), 'into', String(kept)]);
	assert.equal(twice.code, 1);
	assert.match(twice.stderr, /already been merged/);
	const state = await runPacte(['actor', 'merge', ...dbArgs(srv.dir), String(kept), 'INTO', '1']);
	assert.equal(state.code, 1);
	assert.equal((await new Client(srv).get(`/actors/${dup}`)).status, 301);
});
