// 621_country_names — country names as people type them (issue 13, item 6):
// every alias the issue names finds its country, and only it, wherever a
// country is typed — the country search (page and JSON), the one search,
// the actors' list, an import's countries column — with case, accents,
// punctuation and spaces ignored; "Laos" is no longer Palau (Palaos).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, signedIn, tokenOf, Client } from './lib.mjs';

const srv = useServer();

const CASES = [
	['Laos', 'LAO'], ['USA', 'USA'], ['Vietnam', 'VNM'], ['Turkey', 'TUR'], ['Turquie', 'TUR'],
	['South Korea', 'KOR'], ['Corée du Sud', 'KOR'], ['Cape Verde', 'CPV'], ['Cap-Vert', 'CPV'],
	['Czech Republic', 'CZE'], ['Moldavie', 'MDA'], ['Birmanie', 'MMR'], ['Etats Unis', 'USA'],
	['cote d ivoire', 'CIV'], ['COTE-D’IVOIRE', 'CIV'], ['  cap   vert ', 'CPV'],
	['Южная Корея', 'KOR'], ['EEUU', 'USA'], ['南韩', 'KOR'],
];

const q = (s) => encodeURIComponent(s);

test('every alias finds its country, and only it, in the country search', async () => {
	for (const [typed, iso3] of CASES) {
		const r = await srv.getJSON(`/api/v1/countries?q=${q(typed)}`);
		assert.equal(r.status, 200, typed);
		assert.deepEqual(r.json.countries.map((c) => c.iso3), [iso3], typed);
	}
	const page = await srv.get(`/countries?q=${q('Birmanie')}&lang=fr`);
	assert.equal(page.status, 200);
	assert.match(page.text, /href="\/countries\/MMR"/);
	// "Laos" is not Palau (Palaos), which its own name still finds
	const palau = await srv.getJSON(`/api/v1/countries?q=Palaos`);
	assert.deepEqual(palau.json.countries.map((c) => c.iso3), ['PLW']);
	// punctuation alone names no country
	const none = await srv.getJSON(`/api/v1/countries?q=${q('%-_')}`);
	assert.deepEqual(none.json.countries, []);
});

test('the one search and the actors list know the same names', async () => {
	for (const [typed, iso3] of CASES) {
		const s = await srv.getJSON(`/api/v1/search?kind=country&q=${q(typed)}`);
		assert.equal(s.status, 200, typed);
		assert.ok(s.json.results.some((x) => x.ref === iso3), `${typed}: ${JSON.stringify(s.json.results)}`);
	}
	for (const [typed, name] of [['USA', 'United States of America'], ['Turquie', 'Türkiye'],
		['Birmanie', 'Myanmar']]) {
		const a = await srv.getJSON(`/api/v1/actors?q=${q(typed)}&kind=state`);
		assert.deepEqual(a.json.actors.map((x) => x.name), [name], typed);
	}
});

test("a list's country filter takes a name as people type it", async () => {
	const byCode = await srv.getJSON('/api/v1/commitments?country=CIV');
	const byName = await srv.getJSON(`/api/v1/commitments?country=${q('cote d ivoire')}`);
	assert.equal(byName.status, 200, byName.text);
	assert.equal(byName.json.total, byCode.json.total);
	const actors = await srv.getJSON(`/api/v1/actors?country=${q('Turquie')}&kind=state`);
	assert.equal(actors.status, 200, actors.text);
	assert.deepEqual(actors.json.actors.map((a) => a.name), ['Türkiye']);
	// a name that is no country is refused, as a wrong code is
	const bad = await srv.getJSON(`/api/v1/commitments?country=Atlantis`);
	assert.equal(bad.status, 400);
});

test('an import takes countries as people type them', async () => {
	const { client } = await signedIn(srv, { role: 'admin' });
	const token = await tokenOf(client);
	const csv = [
		'owner,title,lang,objectives,level,countries,form',
		'MAR,Corridor desks,en,7,regional,"Maroc;Côte d\'Ivoire;Etats Unis;CPV",policy',
	].join('\n') + '\n';
	const r = await new Client(srv).request('/api/v1/commitments/import', {
		method: 'POST', body: csv,
		headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'text/csv' },
	});
	assert.equal(r.status, 200, r.text);
	const list = await srv.getJSON(`/api/v1/commitments?q=${q('corridor desks')}`);
	assert.equal(list.json.total, 1);
	assert.deepEqual([...list.json.commitments[0].countries].sort(), ['CIV', 'CPV', 'MAR', 'USA']);
	// a name that matches no country is refused, the line named
	const bad = await new Client(srv).request('/api/v1/commitments/import', {
		method: 'POST', body: csv.replace('CPV', 'Atlantis'),
		headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'text/csv' },
	});
	assert.notEqual(bad.status, 200);
	assert.match(bad.text, /countries/);
});
