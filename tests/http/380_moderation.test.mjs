// 380_moderation — what the public directory shows of organisations nobody
// has vetted, and the warning a registration gets when its name is like a
// public organisation's (issue 18, item 6). One server for the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
	useServer, Client, actorId, runPacte, dbArgs, assertCleanExit, getJSON, signedIn,
	pageText,
} from './lib.mjs';

// --trust-proxy: each registration comes from a client address of its own
// (REGISTER_ADDR_LIMIT counts them per address).
const srv = useServer({ serveArgs: ['--trust-proxy'] });

let seq = 0;
// A registration form's fields for organisation `org`, with an address of its own.
function fields(org, extra = {}) {
	seq++;
	return {
		org_name: org, org_type: 'civil_society', country: 'MAR', website: 'https://example.org',
		description: 'We work with migrants.', name: `Moderation ${seq}`,
		email: `moderation${seq}-${process.pid}@example.org`,
		password: 'correct horse battery staple', password_confirm: 'correct horse battery staple',
		...extra,
	};
}

let addr = 0;
function register(f, headers = {}) {
	return new Client(srv).submit('/account/register', '/account/register', f,
		{ headers: { 'x-forwarded-for': `203.0.113.${++addr}`, ...headers } });
}

// Registers organisation `org` and verifies its person's address; returns
// {email, password}.
async function newPartner(org, extra = {}) {
	const f = fields(org, extra);
	const r = await register(f);
	assert.equal(r.status, 303, `registration: ${pageText(r.text).slice(0, 300)}`);
	assertCleanExit(await runPacte(['user', 'verify', ...dbArgs(srv.dir), f.email]), 'pacte user verify');
	return { email: f.email, password: f.password };
}

async function decide(id, decision, reason) {
	const args = ['actor', 'decide', ...dbArgs(srv.dir), String(id), decision];
	assertCleanExit(await runPacte(reason ? [...args, '--reason', reason] : args), `pacte actor decide ${decision}`);
}

test('pending and declined organisations are nowhere public', async () => {
	await newPartner('Zorblatt Pending Union');
	const pending = await actorId(srv, 'Zorblatt Pending Union', 'requested');
	await newPartner('Zorblatt Declined Pills');
	const declined = await actorId(srv, 'Zorblatt Declined Pills', 'requested');
	await decide(declined, 'decline', 'CHEAP PILLS BUY NOW');
	const anon = new Client(srv);
	for (const id of [pending, declined]) {
		assert.equal((await anon.get(`/actors/${id}`)).status, 404);
		assert.equal((await anon.get(`/api/v1/actors/${id}`)).status, 404);
	}
	for (const status of ['', 'requested', 'declined']) {
		const list = await getJSON(srv.base, `/api/v1/actors?q=zorblatt&status=${status}`);
		assert.deepEqual(list.json.actors, [], `status=${status}`);
	}
	const found = await getJSON(srv.base, '/api/v1/search?q=zorblatt');
	assert.equal(found.json.count, 0, 'not in the search');
	assert.doesNotMatch(pageText((await anon.get('/actors')).text), /Zorblatt|PILLS/);
	const changes = [];
	for (let url = '/api/v1/changes?since=0&limit=500'; url;) {
		const r = await getJSON(srv.base, url);
		assert.equal(r.status, 200, r.text.slice(0, 300));
		changes.push(...r.json.changes);
		url = r.json.next;
	}
	assert.ok(changes.length > 0);
	assert.ok(!changes.some((c) => c.kind === 'actor' && [pending, declined].includes(Number(c.id))),
		'not in the change feed');
});

test('a name like a public organisation\'s is warned about; confirming registers it', async () => {
	await newPartner('Alliance des Migrants Solidaires');
	const pub = await actorId(srv, 'Alliance des Migrants Solidaires', 'requested');
	await decide(pub, 'accredit');

	// Case, accents, spaces and punctuation, or one typo: the same name.
	for (const [i, name] of ['alliance des migrants-solidaires', 'ALLIANCE DES MIGRANTS SOLIDAIRE',
		'Alliancé des Migrants  Solidaires.'].entries()) {
		const r = await register(fields(name));
		assert.equal(r.status, 422, name);
		const text = pageText(r.text);
		assert.match(text, /similar name is already registered/, name);
		assert.match(r.text, new RegExp(`<a href="/actors/${pub}">Alliance des Migrants Solidaires</a>`));
		assert.match(r.text, /name="similar_ok"/);
		assert.match(r.text, /id="org_name-error"/);
	}
	// Nothing was created by the warned attempts.
	const q = await getJSON(srv.base, '/api/v1/actors?q=alliance&status=requested');
	assert.equal(q.status, 200);

	// Ticked: registered.
	const ok = await register(fields('alliance des migrants-solidaires', { similar_ok: '1' }));
	assert.equal(ok.status, 303, pageText(ok.text).slice(0, 300));

	// In French, the warning is French.
	const fr = await register(fields('Alliance des migrants solidaires'),
		{ 'accept-language': 'fr' });
	assert.equal(fr.status, 422);
	assert.match(pageText(fr.text), /nom semblable/);
});

test('different names, digits, and organisations not public are not warned about', async () => {
	await newPartner('Section 12 des Travailleurs');
	await decide(await actorId(srv, 'Section 12 des Travailleurs', 'requested'), 'accredit');
	await newPartner('Quiet Pending Collective');   // stays requested
	for (const name of ['Section 13 des Travailleurs', 'Quiet Pending Collective', 'Entirely Else']) {
		const r = await register(fields(name));
		assert.equal(r.status, 303, `${name}: ${pageText(r.text).slice(0, 300)}`);
	}
});

test('a declined applicant\'s data is deleted after the retention period, once', async () => {
	const p = await newPartner('Retention Spam Pills', { description: 'BUY NOW' });
	const id = await actorId(srv, 'Retention Spam Pills', 'requested');
	await decide(id, 'decline', 'Spam.');
	const waiting = await newPartner('Retention Still Waiting');
	const purge = (...args) => runPacte(['actor', 'purge', ...dbArgs(srv.dir), ...args]);
	const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

	// Within the period (and with a bad date): nothing goes.
	const early = await purge('--today', day(30));
	assertCleanExit(early, 'pacte actor purge');
	assert.match(early.stdout, /^0 declined/);
	assert.equal((await purge('--today', '2026-02-30')).code, 2);
	assert.equal((await new Client(srv).signIn(p.email, p.password)).status, 303, 'kept until then');

	// Past it: the organisation's and its person's data go; a second run finds nothing.
	const late = await purge('--today', day(91));
	assertCleanExit(late, 'pacte actor purge');
	assert.match(late.stdout, /^[1-9]\d* declined applicant\(s\) purged/);
	const again = await purge('--today', day(91));
	assert.match(again.stdout, /^0 declined/);
	assert.notEqual((await new Client(srv).signIn(p.email, p.password)).status, 303, 'the account is gone');
	const { client: reviewer } = await signedIn(srv, { role: 'reviewer' });
	const seen = await reviewer.get(`/api/v1/actors/${id}`);
	assert.equal(seen.status, 200);
	assert.equal(seen.json.actor.name, 'Deleted organisation');
	// (The audit trail, a hash chain, keeps what the registration said.)
	assert.doesNotMatch(JSON.stringify(seen.json.actor), /BUY NOW|Spam\.|Retention Spam|example\.org/);
	assert.equal(seen.json.actor.users, 0);
	// A purged applicant is decided on no more.
	assert.equal((await runPacte(['actor', 'decide', ...dbArgs(srv.dir), String(id), 'accredit'])).code, 1);
	// A request still waiting is no declined one: it stays.
	assert.equal((await new Client(srv).signIn(waiting.email, waiting.password)).status, 303);
	// The shorter period an operator may choose.
	assertCleanExit(await purge('--days', '1'), 'pacte actor purge --days 1');
});

test('a declined applicant appeals once; an appealed decline is kept', async () => {
	const p = await newPartner('Appealing Fisherfolk Network');
	const id = await actorId(srv, 'Appealing Fisherfolk Network', 'requested');
	await decide(id, 'decline', 'Not enough detail.');
	const c = new Client(srv);
	assert.equal((await c.signIn(p.email, p.password)).status, 303);
	const acc = await c.get('/account');
	assert.match(acc.text, /action="\/account\/appeal"/);
	assert.equal((await c.submit('/account', '/account/appeal', {})).status, 303);
	assert.ok((await actorId(srv, 'Appealing Fisherfolk Network', 'requested')) === id, 'back in the queue');
	assert.doesNotMatch((await c.get('/account')).text, /action="\/account\/appeal"/);
	// Declined again: no second appeal, and never purged.
	await decide(id, 'decline', 'Still not enough.');
	assert.doesNotMatch((await c.get('/account')).text, /action="\/account\/appeal"/);
	assert.equal((await c.submit('/account', '/account/appeal', {})).status, 409);
	const day = new Date(Date.now() + 400 * 86400000).toISOString().slice(0, 10);
	assertCleanExit(await runPacte(['actor', 'purge', ...dbArgs(srv.dir), '--today', day]), 'pacte actor purge');
	assert.equal((await new Client(srv).signIn(p.email, p.password)).status, 303, 'kept');
	// Someone whose organisation was not declined has nothing to appeal.
	const { client: other } = await signedIn(srv, { role: 'editor' });
	assert.equal((await other.submit('/account', '/account/appeal', {})).status, 409);
});
