// 250_actor_origin — made-up partners never pass for real organisations: the
// partners of `pacte init --sample` and `pacte demo` carry their origin in the
// JSON, and their page and the list that shows them open with the sample
// banner; a real partner's page does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
	useServer, Client, registerPartner, actorId, operatorsActorId, pageText, runPacte, dbArgs,
	assertCleanExit,
} from './lib.mjs';

const srv = useServer({ initArgs: ['--sample'] });
const BANNER = /<main id="main" class="wrap">\s*<p class="sample-banner" role="note"><strong>Sample data\.<\/strong>/;

async function partners(client, query = '') {
	const r = await client.get(`/api/v1/actors?kind=partner${query}`);
	assert.equal(r.status, 200, r.text);
	return r.json;
}

test('every actor in the JSON says where it comes from', async () => {
	const anon = new Client(srv);
	const all = (await anon.get('/api/v1/actors')).json;
	assert.ok(all.actors.length > 0);
	for (const a of all.actors)
		assert.ok(['real', 'sample', 'synthetic'].includes(a.origin), `${a.name}: origin ${a.origin}`);
	const states = all.actors.filter((a) => a.kind === 'state');
	assert.ok(states.length > 190, 'the states are listed');
	assert.ok(states.every((a) => a.origin === 'real' && a.sample === false), 'states are real');
	const one = (await anon.get(`/api/v1${states[0].url}`)).json;
	assert.equal(one.actor.origin, 'real');
});

test('the sample partners of init --sample are marked on their page', async () => {
	const anon = new Client(srv);
	const list = await partners(anon);
	const samples = list.actors.filter((a) => a.origin === 'sample');
	assert.ok(samples.length >= 2, 'init --sample adds partners, marked "sample"');
	assert.ok(samples.every((a) => a.sample === true));
	assert.equal(list.has_sample, true);
	for (const a of samples) {
		const json = (await anon.get(`/api/v1${a.url}`)).json;
		assert.equal(json.actor.origin, 'sample', a.url);
		assert.equal(json.has_sample, true, a.url);
		const en = await anon.get(`${a.url}?lang=en`);
		assert.equal(en.status, 200, a.url);
		assert.match(en.text, BANNER, `${a.url}: the banner opens the page`);
		assert.match(en.text, /class="tag-sample">Sample</, `${a.url}: and the heading says so`);
		const fr = await anon.get(`${a.url}?lang=fr`);
		assert.match(pageText(fr.text), /Données d'exemple\./, `${a.url} in French`);
	}
});

test('the list of actors shows the banner and tags the made-up rows', async () => {
	const anon = new Client(srv);
	const r = await anon.get('/actors?kind=partner&lang=en');
	assert.equal(r.status, 200);
	assert.match(r.text, BANNER);
	assert.match(r.text, /<\/a> <span class="tag-sample">Sample<\/span><\/th>/);
	const states = await anon.get('/actors?kind=state&lang=en');
	assert.equal(states.status, 200);
	assert.doesNotMatch(states.text, /sample-banner|tag-sample/, 'a list of real actors only');
	assert.equal((await anon.get('/api/v1/actors?kind=state')).json.has_sample, false);
});

test('a real partner has no banner', async () => {
	const operators = await operatorsActorId(srv);
	const p = await registerPartner(srv, { org_name: 'Association réelle' });
	const registered = await actorId(srv, p.name, 'requested');
	// A request is shown to its own users only (and reviewers).
	const own = p.client;
	assert.equal((await own.signIn(p.email, p.password)).status, 303);
	for (const id of [operators, registered]) {
		const json = (await own.get(`/api/v1/actors/${id}`)).json;
		assert.equal(json.actor.origin, 'real', `actor ${id}`);
		assert.equal(json.actor.sample, false, `actor ${id}`);
		assert.equal(json.has_sample, false, `actor ${id}`);
		const r = await own.get(`/actors/${id}?lang=en`);
		assert.equal(r.status, 200);
		assert.doesNotMatch(r.text, /sample-banner|tag-sample/, `actor ${id}`);
	}
});

test('the synthetic partners of pacte demo are marked too', async () => {
	assertCleanExit(await runPacte(['demo', '--scale', '30', ...dbArgs(srv.dir)]), 'pacte demo');
	const anon = new Client(srv);
	const synthetic = (await partners(anon)).actors.filter((a) => a.origin === 'synthetic');
	assert.ok(synthetic.length > 0, 'the demo made synthetic partners');
	const a = synthetic[0];
	assert.equal(a.sample, true);
	const r = await anon.get(`${a.url}?lang=en`);
	assert.equal(r.status, 200);
	assert.match(r.text, BANNER, `${a.url}: the banner opens the page`);
	assert.equal((await anon.get(`/api/v1${a.url}`)).json.actor.origin, 'synthetic');
});
