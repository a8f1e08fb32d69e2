// 620_search — one search over HTTP (issue 13, item 5): /search and its
// JSON twin across commitments, actors and countries; stemming in French,
// English, Spanish, Arabic and Russian; a Chinese two-character query; a
// find through a translation; facet counts equal to the filtered results;
// sort and cursor pages; q= on /commitments and /actors; hostile queries
// (never a 500, never an error page for FTS syntax); excerpts whose hits
// can never carry markup; the page valid HTML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, signedIn, actorId, tokenOf, apiAs, vnuErrors } from './lib.mjs';

const srv = useServer();
const data = { ids: {} };

const base = {
	level: 'national', kind: 'individual', form: 'policy', status: 'planned',
	objectives: [7], countries: ['MAR'],
};

async function setup() {
	if (data.api)
		return;
	const { client } = await signedIn(srv, { role: 'admin' });
	data.api = apiAs(srv, await tokenOf(client));
	const mar = await actorId(srv, 'Morocco');
	const sen = await actorId(srv, 'Senegal');
	const specs = [
		['fr', mar, { lang: 'fr', title: 'Réduire la vulnérabilité des travailleuses migrantes', description: 'Des foyers pour les femmes migrantes.', objectives: [7, 8] }],
		['en', mar, { lang: 'en', title: 'Guardianship for unaccompanied children', description: 'Children travelling alone across borders.', level: 'regional' }],
		['es', sen, { lang: 'es', title: 'Contratos justos para trabajadores agrícolas', description: 'Los trabajadores temporeros.', countries: ['SEN'], objectives: [6] }],
		['ar', mar, { lang: 'ar', title: 'حماية المهاجرين في المدن', description: 'مراكز استقبال للمهاجرين' }],
		['ru', sen, { lang: 'ru', title: 'Новые правила для трудовых мигрантов', description: 'Упрощённая регистрация мигрантов.', countries: ['SEN'] }],
		['zh', mar, { lang: 'zh', title: '保护移民儿童的权利', description: '为移民家庭提供法律援助' }],
		['tr', sen, { lang: 'es', title: 'Ventanillas únicas para personas migrantes', description: 'Orientación jurídica.', countries: ['SEN'], translations: [{ lang: 'fr', title: 'Guichets uniques pour les personnes migrantes', description: 'Orientation juridique et accompagnement.' }] }],
		['xss', mar, { lang: 'en', title: 'Shelters <script>alert(1)</script> for returnees', description: '<b onmouseover=alert(1)>returnees</b> get <mark>help</mark>.' }],
	];
	for (const [key, owner, spec] of specs) {
		const r = await data.api('POST', '/commitments', { ...base, owner_actor_id: owner, ...spec });
		assert.equal(r.status, 201, `${key}: ${r.text}`);
		data.ids[key] = r.json.commitment.id;
	}
}

const q = (s) => encodeURIComponent(s);

async function search(params) {
	const r = await srv.getJSON(`/api/v1/search?${params}`);
	assert.equal(r.status, 200, `${params}: ${r.text.slice(0, 300)}`);
	return r.json;
}

async function refs(params) {
	return (await search(params)).results.map((x) => `${x.kind}:${x.ref}`);
}

test('each language finds its own words, stemmed, accents and case ignored', async () => {
	await setup();
	const cases = [
		['migrante', 'fr'], ['vulnerabilite', 'fr'], ['VULNÉRABILITÉS', 'fr'], ['travailleuse', 'fr'],
		['travel', 'en'], ['borders', 'en'], ['guardianship', 'en'],
		['trabajador', 'es'], ['agricola', 'es'],
		['المهاجر', 'ar'],
		['мигранты', 'ru'], ['новый', 'ru'],
		['移民', 'zh'], ['儿童', 'zh'],
		['vulnér*', 'fr'],
	];
	for (const [word, key] of cases) {
		const found = await refs(`q=${q(word)}&kind=commitment`);
		assert.ok(found.includes(`commitment:${data.ids[key]}`), `${word}: ${found}`);
	}
	// words only one commitment has: it comes first
	for (const [word, key] of [['vulnerabilite', 'fr'], ['guardianship', 'en'], ['agricola', 'es'],
		['регистрации', 'ru'], ['儿童', 'zh']]) {
		const found = await refs(`q=${q(word)}`);
		assert.equal(found[0], `commitment:${data.ids[key]}`, `${word}: ${found}`);
	}
});

test('a French word finds a Spanish commitment through its French translation', async () => {
	await setup();
	const m = await search(`q=accompagnement`);
	assert.deepEqual(m.results.map((x) => x.ref), [String(data.ids.tr)]);
	assert.equal(m.results[0].matched_lang, 'fr');
	assert.equal(m.results[0].url, `/commitments/${data.ids.tr}`);
	const hit = m.results[0].excerpt.find((p) => p.hit);
	assert.equal(hit.text, 'accompagnement');
});

test('every facet count is the number of results once it is chosen', async () => {
	await setup();
	let checked = 0;
	for (const params of ['kind=commitment', `q=${q('migrantes')}`]) {
		const page = await search(params);
		assert.ok(page.count >= 2, JSON.stringify(page.results));
		for (const group of page.facets)
			for (const v of group.values) {
				assert.ok(v.url.startsWith('/api/v1/search'), v.url);
				if (v.selected) { // chosen already: its link removes it
					assert.equal(page.count, v.count, `${params}: ${group.facet}=${v.value}`);
					continue;
				}
				const r = await srv.getJSON(v.url);
				assert.equal(r.status, 200);
				assert.equal(r.json.count, v.count, `${params}: ${group.facet}=${v.value}`);
				checked++;
			}
	}
	assert.ok(checked >= 12, `${checked} facet values`);
	const m = await search(`q=migrantes`);
	const kinds = m.facets.find((g) => g.facet === 'kind');
	assert.ok(kinds.values.some((v) => v.value === 'commitment' && v.label === 'Commitments'));
	// facets combine with each other and with the words
	const both = await search(`q=migrantes&objective=7&country=SEN`);
	assert.deepEqual(both.results.map((r) => r.ref), [String(data.ids.tr)]);
});

test('sorts and cursor pages walk every result once', async () => {
	await setup();
	const all = await search(`kind=commitment&limit=100`);
	const seen = [];
	let url = `/api/v1/search?kind=commitment&limit=2&sort=date`;
	for (let i = 0; url && i < 50; i++) {
		const r = await srv.getJSON(url);
		assert.equal(r.status, 200);
		assert.equal(r.json.sort, 'date');
		seen.push(...r.json.results.map((x) => `${x.kind}:${x.ref}`));
		url = r.json.next_url;
		if (url)
			assert.ok(r.json.next);
	}
	assert.equal(seen.length, all.count);
	assert.equal(new Set(seen).size, seen.length);
	// a bad cursor or sort is a 400 naming it, never a 500
	for (const p of ['after=xyz', 'after=o99999999', 'sort=loudest', 'limit=0', 'limit=1000']) {
		const r = await srv.getJSON(`/api/v1/search?q=migrants&${p}`);
		assert.equal(r.status, 400, p);
		assert.ok(r.json.errors.length >= 1, p);
	}
});

test('q= filters the commitments list and the actors list', async () => {
	await setup();
	const r = await srv.getJSON(`/api/v1/commitments?q=${q('travailleuses migrante')}`);
	assert.equal(r.status, 200);
	assert.deepEqual(r.json.commitments.map((c) => c.id), [data.ids.fr]);
	assert.equal(r.json.total, 1);
	const html = await srv.get(`/commitments?q=${q('travailleuses')}`);
	assert.equal(html.status, 200);
	assert.match(html.text, /value="travailleuses"/);
	// q= combines with the list's filters
	const none = await srv.getJSON(`/api/v1/commitments?q=travailleuses&country=SEN`);
	assert.equal(none.json.total, 0);
	const a = await srv.getJSON(`/api/v1/actors?q=USA`);
	assert.deepEqual(a.json.actors.map((x) => x.name), ['United States of America']);
	const s = await srv.getJSON(`/api/v1/actors?q=${q('Sénégal')}`);
	assert.ok(s.json.actors.some((x) => x.name === 'Senegal'));
});

test('hostile queries are words: never a 500, never an error page', async () => {
	await setup();
	const hostile = ['"', '""', '"unbalanced', '*', 'a*b*', 'NEAR(', 'NEAR(a b)', '-', '-migrants',
		'title:migrants', ':', '(', ')', 'AND', 'OR', 'NOT migrants', 'migrants OR', '^x', '+x',
		"'", "'; DROP TABLE search_doc; --", '\\', '%', '_', '{x}', 'migrants"*"', '😀', 'ـ',
		'　', 'a NEAR/2 b', 'x'.repeat(200), 'ＭＩＧＲＡＮＴＳ'];
	for (const h of hostile) {
		for (const path of ['/search', '/api/v1/search', '/commitments', '/api/v1/commitments']) {
			const r = await srv.get(`${path}?q=${q(h)}`);
			assert.equal(r.status, 200, `${path} q=${h}: ${r.status} ${r.text.slice(0, 200)}`);
		}
	}
	const quoted = await refs(`q=${q('"travailleuses')}`);
	assert.ok(quoted.includes(`commitment:${data.ids.fr}`));
	const wide = await refs(`q=${q('ＭＩＧＲＡＮＴＥＳ')}`);
	assert.ok(wide.includes(`commitment:${data.ids.fr}`));
	// too long or not text is a 400 with the field named, not an error page of the engine
	const long = await srv.getJSON(`/api/v1/search?q=${'x'.repeat(201)}`);
	assert.equal(long.status, 400);
	const nul = await srv.getJSON(`/api/v1/search?q=a%00b`);
	assert.equal(nul.status, 400);
});

test('excerpts mark the words found, and markup stays text', async () => {
	await setup();
	const r = await srv.get(`/search?q=returnees`);
	assert.equal(r.status, 200);
	assert.ok(!r.text.includes('<script>alert'), 'a title never becomes markup');
	assert.ok(!r.text.includes('<b onmouseover'), 'a description never becomes markup');
	assert.match(r.text, /<mark>returnees<\/mark>/);
	// the facets beside the results, each value a link that adds it
	assert.match(r.text, /<aside class="facets"/);
	assert.match(r.text, /<a href="\/search\?q=returnees&amp;kind=commitment">Commitments<\/a>/);
	assert.match(r.text, /&lt;mark&gt;help&lt;\/mark&gt;/);
	assert.match(r.text, /&lt;b onmouseover=alert\(1\)&gt;/);
	const j = await search(`q=returnees`);
	assert.ok(j.results[0].excerpt.some((p) => p.hit && p.text === 'returnees'));
});

test('no words: everything, newest first, with the kind counted', async () => {
	await setup();
	const m = await search('');
	assert.equal(m.sort, 'date');
	const kinds = Object.fromEntries(m.facets.find((g) => g.facet === 'kind').values
		.map((v) => [v.value, v.count]));
	assert.equal(kinds.country, 195);
	assert.ok(kinds.commitment >= 8);
	assert.ok(kinds.actor >= 195);
	const countries = await search('kind=country&q=maroc');
	assert.deepEqual(countries.results.map((x) => x.ref), ['MAR']);
	assert.equal(countries.results[0].url, '/countries/MAR');
});

test('the search page is valid HTML, in English and French', async () => {
	await setup();
	const pages = [];
	for (const p of ['/search', '/search?q=migrants', '/search?q=migrants&objective=7&lang=fr',
		'/search?q=nothing-at-all', '/commitments?q=migrants']) {
		const r = await srv.get(p);
		assert.equal(r.status, 200, p);
		pages.push({ url: p, html: r.text });
	}
	const fr = await srv.get('/search?q=migrants&lang=fr');
	assert.match(fr.text, /Affiner|Résultats/);
	assert.deepEqual(await vnuErrors(pages), []);
});
