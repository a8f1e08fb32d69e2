// 510_actor_cli — accreditation from the console: `pacte actor pending` lists
// a registration, `pacte actor decide` accredits or declines it through the
// same domain function as /admin, into the audit trail (channel "cli").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
	useServer, runPacte, assertCleanExit, dbArgs, registerPartner, actorId, operatorsActorId, addUser, Client,
} from './lib.mjs';

const srv = useServer();

test('pacte actor pending and decide: accredit, a decline needs a reason, states refused', async () => {
	const first = await registerPartner(srv);
	const second = await registerPartner(srv);
	const pending = await runPacte(['actor', 'pending', ...dbArgs(srv.dir)]);
	assertCleanExit(pending, 'pacte actor pending');
	assert.match(pending.stdout, new RegExp(first.name));
	assert.match(pending.stdout, new RegExp(second.name));
	const id = await actorId(srv, first.name, 'requested');

	const ok = await runPacte(['actor', 'decide', String(id), 'accredit', ...dbArgs(srv.dir)]);
	assertCleanExit(ok, 'pacte actor decide accredit');
	const page = await new Client(srv).get(`/api/v1/actors/${id}`);
	assert.equal(page.json.actor.status, 'accredited');

	const again = await runPacte(['actor', 'decide', String(id), 'accredit', ...dbArgs(srv.dir)]);
	assert.equal(again.code, 1, 'accrediting twice is refused');
	const id2 = await actorId(srv, second.name, 'requested');
	const noReason = await runPacte(['actor', 'decide', String(id2), 'decline', ...dbArgs(srv.dir)]);
	assert.equal(noReason.code, 1);
	assert.match(noReason.stderr, /reason/);
	const declined = await runPacte(['actor', 'decide', String(id2), 'decline', '--reason',
		'Not an organisation working on migration', ...dbArgs(srv.dir)]);
	assertCleanExit(declined, 'pacte actor decide decline --reason');
	const state = await actorId(srv, 'Morocco');
	assert.equal((await runPacte(['actor', 'decide', String(state), 'suspend', ...dbArgs(srv.dir)])).code, 1);
	assert.equal((await runPacte(['actor', 'decide', 'x1', 'accredit', ...dbArgs(srv.dir)])).code, 2);
	assert.equal((await runPacte(['actor', 'frobnicate', ...dbArgs(srv.dir)])).code, 2);

	const audit = await runPacte(['audit', 'verify', ...dbArgs(srv.dir)]);
	assertCleanExit(audit, 'pacte audit verify');
});

test('pacte user token: a token printed once that works as a bearer, and revocable from the site', async () => {
	const { addUser } = await import('./lib.mjs');
	const u = await addUser(srv, { role: 'admin' });
	const r = await runPacte(['user', 'token', u.email, '--label', 'nightly script', ...dbArgs(srv.dir)]);
	assertCleanExit(r, 'pacte user token');
	const token = /^([A-Za-z0-9_-]{43})$/m.exec(r.stdout)?.[1];
	assert.ok(token, r.stdout);
	const me = await new Client(srv).get('/api/v1/account', { headers: { authorization: `Bearer ${token}` } });
	assert.equal(me.status, 200);
	assert.equal(me.json.user?.email ?? me.json.account?.email ?? u.email, u.email);
	assert.ok(me.json.tokens.some((t) => t.label === 'nightly script'));
	assert.equal((await runPacte(['user', 'token', 'nobody@example.org', ...dbArgs(srv.dir)])).code, 1);
	assert.equal((await runPacte(['user', 'token', ...dbArgs(srv.dir)])).code, 2);
	assert.equal((await runPacte(['user', 'disable', u.email, '--label', 'x', ...dbArgs(srv.dir)])).code, 2);
});

test('pacte user add --actor operators, a state\'s code or an id; anything else refused', async () => {
	const admin = await addUser(srv, { role: 'admin', actor: 'operators' });
	const list = await runPacte(['user', 'list', '--json', ...dbArgs(srv.dir)]);
	assertCleanExit(list, 'pacte user list --json');
	const row = JSON.parse(list.stdout).find((u) => u.email === admin.email);
	assert.equal(row.actor.id, await operatorsActorId(srv));
	// No decision applies to the operators' actor, from the console either.
	const decide = await runPacte(['actor', 'decide', String(row.actor.id), 'suspend', ...dbArgs(srv.dir)]);
	assert.equal(decide.code, 1);
	assert.match(decide.stderr, /operators' own actor are not accredited/);
	const fp = await addUser(srv, { role: 'focal_point', actor: 'mar' });
	assert.ok(fp.id > 0);
	for (const actor of ['zzz', 'MA', 'operator', '999999']) {
		const r = await runPacte(['user', 'add', ...dbArgs(srv.dir), '--email', `x-${actor}@example.org`,
			'--role', 'admin', '--actor', actor], { input: 'a long enough password\n' });
		assert.equal(r.code, 1, `--actor ${actor}: ${r.stderr}`);
		assert.match(r.stderr, /no actor|no such actor/i, `--actor ${actor}`);
	}
});

test('pacte import --as-user: found by email in any case, checked against its rights', async () => {
	const fp = await addUser(srv, { role: 'focal_point', actor: 'MAR' });
	const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-import-as-'));
	const header = 'owner,title,description,lang,objectives,principles,level,countries,start_date,' +
		'target_date,deliverables,indicators,status,kind,form';
	try {
		const own = path.join(dir, 'own.csv');
		const other = path.join(dir, 'other.csv');
		await writeFile(own, `${header}\nMAR,Imported as a focal point,,en,7,,national,MAR,,,,,planned,individual,policy\n`);
		await writeFile(other, `${header}\nMEX,Imported for another state,,en,7,,national,MEX,,,,,planned,individual,policy\n`);
		const ok = await runPacte(['import', 'commitments', own, '--as-user', fp.email.toUpperCase(),
			...dbArgs(srv.dir)]);
		assertCleanExit(ok, 'pacte import --as-user (own actor)');
		assert.match(ok.stdout, /imported 1 commitments/);
		const denied = await runPacte(['import', 'commitments', other, '--as-user', fp.email, ...dbArgs(srv.dir)]);
		assert.equal(denied.code, 1, denied.stderr);
		const nobody = await runPacte(['import', 'commitments', own, '--as-user', 'nobody@example.org',
			...dbArgs(srv.dir)]);
		assert.equal(nobody.code, 1);
		assert.match(nobody.stderr, /--as-user nobody@example\.org: no such account/);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
});
