// 826_reviews_search — submitted voluntary reviews in the site search
// (/search, kind "review"): a draft is not found; once submitted its
// summary and narratives are, under its state's name, with its country,
// objective and year facets, leading to the review's address; a later
// version replaces the document (one per state and cycle; the rebuild is
// test_search's); the results page is valid HTML in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, vnuErrors } from './lib.mjs';
import { CYCLE, openCycle } from './reviews.mjs';

const srv = useServer();

async function search(params) {
	const r = await new Client(srv).get(`/api/v1/search?${params}`);
	assert.equal(r.status, 200, `${params}: ${r.text.slice(0, 300)}`);
	return r.json;
}

test('a submitted review is found by its words, a draft is not; one document per state and cycle', async () => {
	const { mar, today } = await openCycle(srv);
	const draft = await mar.api('POST', `/reviews/${CYCLE}/MAR`);
	assert.equal(draft.status, 200, draft.text);
	const v = draft.json.review.stable_url;
	assert.equal((await mar.api('POST', `${v}/edit`, {
		summary: 'Caravanserais welcomed wayfarers.', narratives: { 7: 'Lighthouses guided mariners.' },
	})).status, 200);
	assert.equal((await search('q=caravanserais')).results.length, 0, 'a draft is not found');

	assert.equal((await mar.api('POST', `${v}/submit`)).status, 200);
	let found = await search('q=caravanserais');
	assert.equal(found.results.length, 1);
	const hit = found.results[0];
	assert.equal(hit.kind, 'review');
	assert.equal(hit.url, `/reviews/${CYCLE}/MAR`);
	assert.match(hit.title, /Morocco/);
	assert.equal((await search('q=lighthouse&kind=review')).results.length, 1, 'a narrative, stemmed');
	for (const f of ['country=MAR', 'objective=7', `year=${today.slice(0, 4)}`])
		assert.equal((await search(`kind=review&${f}`)).results.length, 1, f);
	assert.equal((await search('kind=review&objective=8')).results.length, 0);
	assert.equal((await new Client(srv).get(hit.url)).status, 200, 'the result leads to the review');

	// A second version replaces the document: still one, with its new words.
	assert.equal((await mar.api('POST', `/reviews/${CYCLE}/MAR`)).status, 200);
	assert.equal((await mar.api('POST', `/reviews/${CYCLE}/MAR/v/2/edit`, {
		summary: 'Observatories counted arrivals.',
	})).status, 200);
	assert.equal((await mar.api('POST', `/reviews/${CYCLE}/MAR/v/2/submit`)).status, 200);
	assert.equal((await search('q=caravanserais')).results.length, 0);
	found = await search('kind=review');
	assert.equal(found.results.length, 1);
	assert.equal((await search('q=observatories')).results[0].url, `/reviews/${CYCLE}/MAR`);

	const pages = [];
	for (const p of ['/search?q=observatories', '/search?kind=review&lang=fr']) {
		const r = await new Client(srv).get(p);
		assert.equal(r.status, 200);
		pages.push({ name: p, html: r.text });
	}
	assert.ok(pages[0].html.includes(`href="/reviews/${CYCLE}/MAR"`));
	assert.ok(pages[1].html.includes('Examens volontaires'), 'the kind in French');
	assert.deepEqual(await vnuErrors(pages), []);
});
