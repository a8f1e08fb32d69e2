// 827_reviews_print — a submitted voluntary review's printable form
// (/reviews/{cycle}/{ISO3}/v/{n}/print, and .../print for the latest
// submitted version): the country report's print layout with the review's
// hash, the data version and the date it was made, a table of contents and
// a heading per section and objective; never a draft, even for its focal
// points; valid HTML in both languages. `pacte report --review` refuses a
// cycle that is not a slug before it looks for a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, runPacte, dbArgs, vnuErrors } from './lib.mjs';
import { CYCLE, openCycle, marCommitment } from './reviews.mjs';

const srv = useServer();

test('a submitted review prints with its hash, contents and headings; a draft does not', async () => {
	const { mar, today } = await openCycle(srv);
	await marCommitment(mar, 'Desks to print');
	const draft = await mar.api('POST', `/reviews/${CYCLE}/MAR`);
	const v = draft.json.review.stable_url;
	assert.equal((await mar.api('POST', `${v}/edit`, {
		summary: 'Printed summary.', narratives: { 3: 'Printed narrative.' },
	})).status, 200);
	assert.equal((await mar.client.get(`${v}/print`)).status, 404, 'a draft is not printed');
	const sub = await mar.api('POST', `${v}/submit`);
	assert.equal(sub.status, 200, sub.text);
	const hash = sub.json.review.hash;

	const anon = new Client(srv);
	const page = await anon.get(`${v}/print`);
	assert.equal(page.status, 200, page.text.slice(0, 300));
	const html = page.text;
	assert.ok(html.includes('<article class="report">'), 'the report\'s print layout');
	assert.ok(html.includes(hash), 'its hash');
	assert.match(html, /data version \d+/);
	assert.ok(html.includes(`datetime="${today}"`), 'the date it was made');
	for (const h of ['<h1>Morocco</h1>', '<h2 id="toc-h">Contents</h2>', '<h2>Summary</h2>',
		'<h2>By objective</h2>', '<h2>Written inputs about this review</h2>',
		'<h3 id="objective-3">Objective 3.'])
		assert.ok(html.includes(h), h);
	for (const a of ['#r-summary', '#r-objectives', '#objective-3', '#r-inputs'])
		assert.ok(html.includes(`href="${a}"`), `the contents link ${a}`);
	assert.ok(html.includes('Printed narrative.') && html.includes('Desks to print'));
	const json = await anon.get(`/api/v1${v}/print`);
	assert.equal(json.status, 200);
	assert.equal(json.json.review.hash, hash);
	assert.ok(json.json.print.data_version >= 1);

	// A new draft: the latest print is still version 1's, for its preparers too.
	assert.equal((await mar.api('POST', `/reviews/${CYCLE}/MAR`)).json.review.version, 2);
	assert.equal((await mar.client.get(`/reviews/${CYCLE}/MAR/v/2/print`)).status, 404);
	const latest = await mar.client.get(`/reviews/${CYCLE}/MAR/print`);
	assert.equal(latest.status, 200);
	assert.ok(latest.text.includes(hash));
	assert.equal((await anon.get(`/reviews/${CYCLE}/SEN/print`)).status, 404);
	const shown = await anon.get(v);
	assert.ok(shown.text.includes(`href="${v}/print"`), 'the review\'s page links its printable form');

	const fr = await anon.get(`${v}/print?lang=fr`);
	assert.equal(fr.status, 200);
	assert.ok(fr.text.includes('Sommaire'), 'contents in French');
	assert.deepEqual(await vnuErrors([{ name: 'print', html }, { name: 'print fr', html: fr.text },
		{ name: 'review page', html: shown.text }]), []);

	const bad = await runPacte(['report', 'MAR', '--review', '../x', '--pdf', `${srv.dir}/x.pdf`,
		...dbArgs(srv.dir)]);
	assert.equal(bad.code, 2, bad.stderr);
	assert.match(bad.stderr, /--review/);
});
