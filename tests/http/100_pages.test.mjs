// 100_pages — every public page answers as HTML, and its JSON twin (both
// /api/v1/PATH and Accept: application/json on PATH) is the same model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PAGES, htmlLang, elementText, pageText } from './lib.mjs';

const srv = useServer();

const apiPath = (p) => '/api/v1' + p;

for (const p of PAGES) {
	test(`HTML ${p}`, async () => {
		const r = await srv.get(p);
		assert.equal(r.status, 200, `GET ${p}: ${r.text.slice(0, 300)}`);
		assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
		assert.match(r.text, /^<!DOCTYPE html>/i, 'starts with a doctype');
		assert.equal(htmlLang(r.text), 'en', '<html lang="en">');
		const title = elementText(r.text, 'title');
		assert.ok(title, 'has a non-empty <title>');
		assert.ok(elementText(r.text, 'h1'), 'has a non-empty <h1>');
	});

	test(`JSON twin ${p}`, async () => {
		const a = await srv.getJSON(apiPath(p), { headers: { accept: '*/*' } });
		assert.equal(a.status, 200, `GET ${apiPath(p)}: ${a.text.slice(0, 300)}`);
		assert.match(a.headers.get('content-type'), /^application\/json\b/);
		assert.equal(typeof a.json, 'object');
		assert.ok(a.json !== null && !Array.isArray(a.json), 'the model is an object');

		const b = await srv.getJSON(p);
		assert.equal(b.status, 200);
		assert.match(b.headers.get('content-type'), /^application\/json\b/);
		assert.deepEqual(b.json, a.json, `Accept: application/json on ${p} = ${apiPath(p)}`);
	});
}

test('the home page says what the Compact is', async () => {
	const r = await srv.get('/');
	const text = pageText(r.text);
	assert.match(text, /Global Compact/);
	assert.match(text, /Marrakech/);
	assert.match(text, /\b23\b/, 'shows the 23 objectives');
});

test('the objectives page lists all 23 with links', async () => {
	const r = await srv.get('/objectives');
	for (let n = 1; n <= 23; n++)
		assert.match(r.text, new RegExp(`href="/objectives/${n}"`), `links objective ${n}`);
	assert.match(pageText(r.text),
		/Collect and utilize accurate and disaggregated data as a basis for evidence-based policies/);
});

test('an objective page shows its title and its neighbours', async () => {
	const r = await srv.get('/objectives/13');
	assert.match(elementText(r.text, 'h1'), /migration detention/);
	assert.match(r.text, /href="\/objectives\/12"/, 'links the previous objective');
	assert.match(r.text, /href="\/objectives\/14"/, 'links the next objective');
});

test('the principles page lists the 10 guiding principles', async () => {
	const r = await srv.getJSON('/api/v1/principles');
	const html = (await srv.get('/principles')).text;
	for (const pr of r.json.principles)
		assert.ok(html.includes(`href="${pr.url}"`), `links ${pr.url}`);
});

test('a country page shows its names and region', async () => {
	const r = await srv.get('/countries/MAR');
	const text = pageText(r.text);
	assert.match(elementText(r.text, 'h1'), /Morocco/);
	assert.match(text, /Northern Africa/);
	assert.match(r.text, /href="\/regions\/002"/, 'links its region');
	assert.match(r.text, /href="\/regions\/015"/, 'links its sub-region');
	assert.match(text, /المغرب/, 'shows the Arabic name');
	assert.match(text, /Марокко/, 'shows the Russian name');
});

test('the countries page has a search form that works without JavaScript', async () => {
	const r = await srv.get('/countries');
	assert.match(r.text, /<form\b[^>]*\bmethod="get"/i);
	assert.match(r.text, /<input\b[^>]*\bname="q"/i, 'a q field');
	assert.match(r.text, /<select\b[^>]*\bname="region"/i, 'a region filter');
	const s = await srv.get('/countries?q=' + encodeURIComponent("cote d'ivoire"));
	assert.match(s.text, /href="\/countries\/CIV"/);
	assert.doesNotMatch(s.text, /href="\/countries\/MAR"/);
});

test('a region page lists its sub-regions and countries', async () => {
	const r = await srv.get('/regions/002');
	assert.match(elementText(r.text, 'h1'), /Africa/);
	assert.match(r.text, /href="\/regions\/015"/);
	assert.match(r.text, /href="\/countries\/MAR"/);
});

test('HEAD answers like GET without a body', async () => {
	const g = await srv.raw('/objectives');
	const h = await srv.raw('/objectives', { method: 'HEAD' });
	assert.equal(h.status, 200);
	assert.equal(h.body.length, 0);
	assert.equal(h.headers['content-type'], g.headers['content-type']);
});
