// 510_actor_cli — accreditation from the console: `pacte actor pending` lists
// a registration, `pacte actor decide` accredits or declines it through the
// same domain function as /admin, into the audit trail (channel "cli").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, runPacte, assertCleanExit, dbArgs, registerPartner, actorId, Client } from './lib.mjs';

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
