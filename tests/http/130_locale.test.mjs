// 130_locale — the locale: ?lang= > cookie > Accept-Language > default (en).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, htmlLang, elementText, setCookie } from './lib.mjs';

const srv = useServer();

const OBJ1_FR = /^Collecter et utiliser des données précises/;
const OBJ1_EN = /^Collect and utilize accurate and disaggregated data/;

async function page(p, headers = {}) {
	const r = await srv.get(p, { headers });
	assert.equal(r.status, 200, `GET ${p}: ${r.text.slice(0, 200)}`);
	return { ...r, lang: htmlLang(r.text), h1: elementText(r.text, 'h1') };
}

test('the default is English', async () => {
	const r = await page('/objectives/1');
	assert.equal(r.lang, 'en');
	assert.match(r.h1, OBJ1_EN);
	assert.equal(setCookie(r.headers, 'lang'), null, 'no lang cookie unless asked');
});

test('?lang=fr gives French and sets a lang cookie', async () => {
	const r = await page('/objectives/1?lang=fr');
	assert.equal(r.lang, 'fr');
	assert.match(r.h1, OBJ1_FR);
	assert.match(elementText(r.text, 'title'), /Objectif/);
	const c = setCookie(r.headers, 'lang');
	assert.ok(c, 'Set-Cookie: lang=…');
	assert.equal(c.value, 'fr');
	assert.match(c.line, /;\s*Path=\//i, 'for the whole site');
	assert.match(c.line, /;\s*SameSite=(Lax|Strict)/i);
});

test('the lang cookie alone gives French', async () => {
	const r = await page('/objectives/1', { cookie: 'lang=fr' });
	assert.equal(r.lang, 'fr');
	assert.match(r.h1, OBJ1_FR);
});

test('Accept-Language: fr-CA,fr;q=0.9 gives French', async () => {
	const r = await page('/objectives/1', { 'accept-language': 'fr-CA,fr;q=0.9' });
	assert.equal(r.lang, 'fr');
	assert.match(r.h1, OBJ1_FR);
});

test('Accept-Language quality values are honoured', async () => {
	const a = await page('/objectives/1', { 'accept-language': 'de-DE,de;q=0.9,fr;q=0.8,en;q=0.7' });
	assert.equal(a.lang, 'fr');
	const b = await page('/objectives/1', { 'accept-language': 'fr;q=0.5, en;q=0.9' });
	assert.equal(b.lang, 'en');
	const c = await page('/objectives/1', { 'accept-language': 'de, it' });
	assert.equal(c.lang, 'en', 'nothing we have: the default');
	const d = await page('/objectives/1', { 'accept-language': '*' });
	assert.equal(d.lang, 'en');
	const e = await page('/objectives/1', { 'accept-language': 'fr;q=0' });
	assert.equal(e.lang, 'en', 'q=0 means not acceptable');
});

test('?lang wins over the cookie, which wins over the header', async () => {
	const a = await page('/objectives/1?lang=en', { cookie: 'lang=fr', 'accept-language': 'fr' });
	assert.equal(a.lang, 'en');
	assert.match(a.h1, OBJ1_EN);
	const b = await page('/objectives/1?lang=fr', { cookie: 'lang=en', 'accept-language': 'en' });
	assert.equal(b.lang, 'fr');
	const c = await page('/objectives/1', { cookie: 'lang=en', 'accept-language': 'fr' });
	assert.equal(c.lang, 'en');
	assert.match(c.h1, OBJ1_EN);
	const d = await page('/objectives/1', { cookie: 'lang=fr', 'accept-language': 'en' });
	assert.equal(d.lang, 'fr');
});

test('a bad lang value or cookie falls back: the page (200) in the default or the tag\'s ' +
	'language', async () => {
	const cases = [['xx', 'en'], ['', 'en'], ['fr-FR-x-bogus', 'fr'], ['%3Cscript%3E', 'en'],
		['e'.repeat(300), 'en']];
	for (const [q, lang] of cases) {
		const r = await srv.get('/objectives/1?lang=' + q);
		assert.equal(r.status, 200, `?lang=${q}`);
		assert.equal(htmlLang(r.text), lang, `?lang=${q}`);
		assert.doesNotMatch(r.text, /<script>/, 'the value is never echoed raw');
	}
	const r = await page('/objectives/1', { cookie: 'lang=xx' });
	assert.equal(r.lang, 'en');
	const s = await page('/objectives/1', { cookie: 'lang=xx', 'accept-language': 'fr' });
	assert.equal(s.lang, 'fr', 'an unknown cookie is ignored, the header decides');
});

test('French JSON: the model names are in the negotiated locale', async () => {
	const a = await srv.getJSON('/api/v1/objectives/1?lang=fr');
	assert.match(a.json.objective.title, OBJ1_FR);
	const b = await srv.getJSON('/api/v1/objectives', { headers: { 'accept-language': 'fr' } });
	assert.match(b.json.objectives[0].title, OBJ1_FR);
	const c = await srv.getJSON('/api/v1/countries/MAR?lang=fr');
	assert.equal(c.json.country.name, 'Maroc');
	assert.equal(c.json.country.region.name, 'Afrique');
	const d = await srv.getJSON('/api/v1/objectives/1');
	assert.match(d.json.objective.title, OBJ1_EN);
});

test('French pages: the interface is translated too', async () => {
	for (const p of ['/', '/objectives', '/principles', '/countries', '/countries/MAR', '/regions/002']) {
		const en = await page(p + '?lang=en');
		const fr = await page(p + '?lang=fr');
		assert.equal(fr.lang, 'fr', p);
		assert.notEqual(elementText(fr.text, 'title'), elementText(en.text, 'title'),
			`${p}: the <title> is translated`);
	}
});

test('the language switcher links the other language', async () => {
	const en = await page('/objectives/1');
	assert.match(en.text, /href="[^"]*[?&](amp;)?lang=fr"/, 'an English page links its French version');
	const fr = await page('/objectives/1?lang=fr');
	assert.match(fr.text, /href="[^"]*[?&](amp;)?lang=en"/, 'a French page links its English version');
});
