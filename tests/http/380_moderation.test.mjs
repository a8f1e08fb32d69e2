// 380_moderation — what the public directory shows of organisations nobody
// has vetted, and the warning a registration gets when its name is like a
// public organisation's (issue 18, item 6). One server for the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
	useServer, Client, registerPartner, actorId, runPacte, dbArgs, assertCleanExit, getJSON,
	pageText,
} from './lib.mjs';

const srv = useServer();

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

function register(f, headers = {}) {
	return new Client(srv).submit('/account/register', '/account/register', f, { headers });
}

async function decide(id, decision, reason) {
	const args = ['actor', 'decide', ...dbArgs(srv.dir), String(id), decision];
	assertCleanExit(await runPacte(reason ? [...args, '--reason', reason] : args), `pacte actor decide ${decision}`);
}

test('pending and declined organisations are nowhere public', async () => {
	await registerPartner(srv, { org_name: 'Zorblatt Pending Union' });
	const pending = await actorId(srv, 'Zorblatt Pending Union', 'requested');
	await registerPartner(srv, { org_name: 'Zorblatt Declined Pills' });
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
	await registerPartner(srv, { org_name: 'Alliance des Migrants Solidaires' });
	const pub = await actorId(srv, 'Alliance des Migrants Solidaires', 'requested');
	await decide(pub, 'accredit');

	// Case, accents, spaces and punctuation, or one typo: the same name.
	for (const [i, name] of ['alliance des migrants-solidaires', 'ALLIANCE DES MIGRANTS SOLIDAIRE',
		'Alliancé des Migrants  Solidaires.'].entries()) {
		const r = await register(fields(name), { 'x-forwarded-for': `203.0.113.${i + 1}` });
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
	const ok = await register(fields('alliance des migrants-solidaires', { similar_ok: '1' }),
		{ 'x-forwarded-for': '203.0.113.9' });
	assert.equal(ok.status, 303, pageText(ok.text).slice(0, 300));

	// In French, the warning is French.
	const fr = await register(fields('Alliance des migrants solidaires'),
		{ 'accept-language': 'fr', 'x-forwarded-for': '203.0.113.10' });
	assert.equal(fr.status, 422);
	assert.match(pageText(fr.text), /nom semblable/);
});

test('different names, digits, and organisations not public are not warned about', async () => {
	await registerPartner(srv, { org_name: 'Section 12 des Travailleurs' });
	await decide(await actorId(srv, 'Section 12 des Travailleurs', 'requested'), 'accredit');
	await registerPartner(srv, { org_name: 'Quiet Pending Collective' });   // stays requested
	for (const name of ['Section 13 des Travailleurs', 'Quiet Pending Collective', 'Entirely Else']) {
		const r = await register(fields(name), { 'x-forwarded-for': `203.0.113.${20 + seq}` });
		assert.equal(r.status, 303, `${name}: ${pageText(r.text).slice(0, 300)}`);
	}
});
