// 110_json — the models behind the pages: shapes and reference data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from './lib.mjs';

const srv = useServer();

async function api(p, opts) {
	const r = await srv.getJSON('/api/v1' + p, opts);
	assert.equal(r.status, 200, `GET /api/v1${p}: ${r.text.slice(0, 300)}`);
	return r.json;
}

// ISO 3166 numeric codes as three digits, whether the model says 4 or "004".
const iso = (n) => String(n).padStart(3, '0');

const OBJ1_EN = 'Collect and utilize accurate and disaggregated data as a basis for evidence-based policies';

test('home: the Compact and its key figures', async () => {
	const m = await api('/');
	assert.equal(m.compact.adopted, '2018-12-10');
	assert.equal(m.compact.place, 'Marrakech');
	assert.equal(m.compact.resolution, 'A/RES/73/195');
	assert.equal(typeof m.compact.title, 'string');
	assert.match(m.compact.title, /Global Compact/);
	assert.equal(m.figures.objectives, 23);
	assert.equal(m.figures.principles, 10);
	assert.equal(m.figures.member_states, 193);
	assert.equal(m.figures.observer_states, 2);
	assert.ok(Array.isArray(m.objectives) && m.objectives.length > 0);
	for (const o of m.objectives)
		assert.equal(o.url, `/objectives/${o.number}`);
});

test('objectives: 23, numbered 1..23 from paragraph 17, each with its url', async () => {
	const { objectives } = await api('/objectives');
	assert.equal(objectives.length, 23);
	objectives.forEach((o, i) => {
		assert.equal(o.number, i + 1);
		assert.equal(o.paragraph, 17 + i);
		assert.equal(o.url, `/objectives/${i + 1}`);
		assert.ok(o.title && o.short_title, `objective ${o.number} has a title and a short title`);
		assert.ok(o.short_title.length <= o.title.length);
	});
	assert.equal(objectives[0].title, OBJ1_EN);
	assert.match(objectives[12].title, /migration detention/);
});

test('objective 1: titles in English and French, no previous, next is 2', async () => {
	const m = await api('/objectives/1');
	assert.equal(m.objective.number, 1);
	assert.equal(m.objective.paragraph, 17);
	assert.equal(m.objective.title, OBJ1_EN);
	assert.equal(m.objective.titles.en, OBJ1_EN);
	assert.match(m.objective.titles.fr, /^Collecter et utiliser des données précises/);
	assert.equal(m.objective.url, '/objectives/1');
	assert.equal(m.previous, null);
	assert.equal(m.next.number, 2);
	assert.equal(m.next.url, '/objectives/2');
});

test('objective 23: previous is 22, no next', async () => {
	const m = await api('/objectives/23');
	assert.equal(m.previous.number, 22);
	assert.equal(m.previous.url, '/objectives/22');
	assert.equal(m.next, null);
});

test('objective 13 is about migration detention', async () => {
	const m = await api('/objectives/13');
	assert.match(m.objective.title, /migration detention/);
});

test('every objective url answers with its own objective', async () => {
	const { objectives } = await api('/objectives');
	for (const o of objectives) {
		const m = await api(o.url);
		assert.equal(m.objective.number, o.number);
		assert.equal(m.objective.title, o.title);
	}
});

test('principles: 10, lettered a..j from paragraph 15, each with its url', async () => {
	const { principles } = await api('/principles');
	assert.equal(principles.length, 10);
	principles.forEach((p, i) => {
		const letter = String.fromCharCode(97 + i);
		assert.equal(p.letter, letter);
		assert.equal(p.paragraph, `15(${letter})`);
		assert.match(p.slug, /^[a-z0-9]+(-[a-z0-9]+)*$/);
		assert.equal(p.url, `/principles/${p.slug}`);
		assert.ok(p.title && p.description, `${p.slug} has a title and a description`);
	});
	assert.equal(principles[0].slug, 'people-centred');
	assert.equal(new Set(principles.map((p) => p.slug)).size, 10, 'slugs are unique');
});

test('every principle url answers with titles in en, fr, es', async () => {
	const { principles } = await api('/principles');
	for (const p of principles) {
		const m = await api(p.url);
		assert.equal(m.principle.slug, p.slug);
		assert.equal(m.principle.title, p.title);
		for (const l of ['en', 'fr', 'es'])
			assert.ok(m.principle.titles[l], `${p.slug} has a ${l} title`);
		assert.equal(m.principle.titles.en, p.title);
	}
});

test('countries: 195, of which 193 members and 2 observers (VAT, PSE)', async () => {
	const m = await api('/countries');
	assert.equal(m.count, 195);
	assert.equal(m.countries.length, 195);
	const members = m.countries.filter((c) => c.un_status === 'member');
	const observers = m.countries.filter((c) => c.un_status === 'observer');
	assert.equal(members.length, 193);
	assert.deepEqual(observers.map((c) => c.iso3).sort(), ['PSE', 'VAT']);
	assert.equal(new Set(m.countries.map((c) => c.iso3)).size, 195, 'iso3 codes are unique');
	for (const c of m.countries) {
		assert.match(c.iso3, /^[A-Z]{3}$/);
		assert.match(c.iso2, /^[A-Z]{2}$/);
		assert.match(iso(c.numeric), /^[0-9]{3}$/, `${c.iso3} numeric is 3 digits`);
		assert.equal(c.url, `/countries/${c.iso3}`);
		assert.ok(c.name, `${c.iso3} has a name`);
		assert.match(c.region.m49, /^[0-9]{3}$/);
		assert.match(c.subregion.m49, /^[0-9]{3}$/);
	}
	assert.equal(m.region, null);
	assert.ok(m.regions.some((r) => r.m49 === '002' && r.selected === false));
});

test('Morocco: region 002 Africa, sub-region 015 Northern Africa, six names', async () => {
	const { countries } = await api('/countries');
	const mar = countries.find((c) => c.iso3 === 'MAR');
	assert.ok(mar, 'MAR is listed');
	assert.deepEqual({ m49: mar.region.m49, name: mar.region.name }, { m49: '002', name: 'Africa' });
	assert.deepEqual({ m49: mar.subregion.m49, name: mar.subregion.name },
		{ m49: '015', name: 'Northern Africa' });
	assert.equal(mar.iso2, 'MA');
	assert.equal(iso(mar.numeric), '504');
	assert.equal(mar.un_status, 'member');

	const m = await api('/countries/MAR');
	assert.equal(m.country.iso3, 'MAR');
	assert.equal(m.country.name, 'Morocco');
	assert.equal(m.country.url, '/countries/MAR');
	assert.deepEqual(Object.keys(m.country.names).sort(), ['ar', 'en', 'es', 'fr', 'ru', 'zh']);
	assert.equal(m.country.names.fr, 'Maroc');
	assert.equal(m.country.names.ru, 'Марокко');
	assert.equal(m.country.region.url, '/regions/002');
	assert.equal(m.country.subregion.url, '/regions/015');
	assert.equal(m.country.intermediate, null);
});

test('ISO3 is matched case-insensitively', async () => {
	const m = await api('/countries/mar');
	assert.equal(m.country.iso3, 'MAR');
});

test('a country with an intermediate region: Nigeria is in Western Africa', async () => {
	const m = await api('/countries/NGA');
	assert.equal(m.country.subregion.m49, '202');
	assert.equal(m.country.intermediate.m49, '011');
	assert.equal(m.country.intermediate.url, '/regions/011');
});

const search = async (q) => (await api('/countries?q=' + encodeURIComponent(q)));
const codes = (m) => m.countries.map((c) => c.iso3);

test("search ignores case and diacritics: cote d'ivoire, CÔTE", async () => {
	const a = await search("cote d'ivoire");
	assert.deepEqual(codes(a), ['CIV']);
	assert.equal(a.count, 1);
	assert.equal(a.q, "cote d'ivoire");
	assert.ok(codes(await search('CÔTE')).includes('CIV'));
	assert.ok(codes(await search("Côte d'Ivoire")).includes('CIV'));
});

test('search looks in all six languages', async () => {
	assert.ok(codes(await search('Марокко')).includes('MAR'), 'Russian');
	assert.ok(codes(await search('марокко')).includes('MAR'), 'Russian, lower case');
	assert.ok(codes(await search('Maroc')).includes('MAR'), 'French');
	assert.ok(codes(await search('Marruecos')).includes('MAR'), 'Spanish');
	assert.ok(codes(await search('المغرب')).includes('MAR'), 'Arabic');
	assert.ok(codes(await search('摩洛哥')).includes('MAR'), 'Chinese');
});

test('a search with no match is an empty list, not an error', async () => {
	const m = await search('zzzzqqqq');
	assert.deepEqual(m.countries, []);
	assert.equal(m.count, 0);
});

test('region filter: region, sub-region or intermediate region code', async () => {
	const africa = await api('/countries?region=002');
	assert.equal(africa.region, '002');
	assert.equal(africa.count, 54);
	assert.ok(africa.countries.every((c) => c.region.m49 === '002'));
	assert.ok(codes(africa).includes('MAR'));
	assert.ok(!codes(africa).includes('FRA'));
	assert.ok(africa.regions.some((r) => r.m49 === '002' && r.selected === true));

	const north = await api('/countries?region=015');
	assert.ok(north.countries.every((c) => c.subregion.m49 === '015'));
	assert.ok(codes(north).includes('MAR'));
	assert.ok(!codes(north).includes('NGA'));

	const west = await api('/countries?region=011');
	assert.ok(codes(west).includes('NGA'));
	assert.ok(!codes(west).includes('MAR'));

	const both = await api('/countries?region=002&q=' + encodeURIComponent('maroc'));
	assert.deepEqual(codes(both), ['MAR']);
	const none = await api('/countries?region=150&q=' + encodeURIComponent('maroc'));
	assert.deepEqual(codes(none), []);
});

test('every country url answers with its own country', async () => {
	const { countries } = await api('/countries');
	for (const c of countries) {
		const m = await api(c.url);
		assert.equal(m.country.iso3, c.iso3);
		assert.equal(m.country.name, c.name);
	}
});

test('regions: Africa and Northern Africa', async () => {
	const a = await api('/regions/002');
	assert.equal(a.region.m49, '002');
	assert.equal(a.region.name, 'Africa');
	const kids = a.children.map((c) => c.m49);
	assert.ok(kids.includes('015') && kids.includes('202'), `children ${kids}`);
	for (const c of a.children)
		assert.equal(c.url, `/regions/${c.m49}`);
	assert.ok(a.countries.some((c) => c.iso3 === 'MAR'));

	const n = await api('/regions/015');
	assert.equal(n.region.name, 'Northern Africa');
	assert.equal(n.region.parent.m49, '002');
	assert.equal(n.region.parent.url, '/regions/002');
	assert.ok(n.countries.some((c) => c.iso3 === 'MAR'));
	assert.ok(!n.countries.some((c) => c.iso3 === 'NGA'));
	for (const c of n.countries)
		assert.equal(c.url, `/countries/${c.iso3}`);
});

test('healthz: status and database ok', async () => {
	const m = await api('/healthz');
	assert.deepEqual({ status: m.status, database: m.database }, { status: 'ok', database: 'ok' });
});
