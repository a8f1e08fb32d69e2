// report — a country's printable report in headless Chromium: the page
// passes the checks of lib.mjs (console, CSP, statuses, axe-core, one
// <h1>); printed to PDF (A4, the print stylesheet), it has a page per
// section after the cover and its contents, and its outline holds every
// section's heading; `pacte report MAR --pdf FILE` writes the same, and
// says plainly when there is no browser. A submitted voluntary review's
// printable form prints the same way, by the page and by `pacte report MAR
// --review CYCLE`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { person, runPacte, dbArgs, assertCleanExit } from '../http/lib.mjs';
import { useBrowser } from './lib.mjs';
import { CYCLE, openCycle } from '../http/reviews.mjs';

const SECTIONS = ['Contents', 'Where the commitments stand',
	'Self-reported and independently assessed', 'Commitments', 'Good practices',
	'Voluntary reviews', 'Written inputs'];

let srv, page;
const b = useBrowser(async (h) => {
	({ srv, page } = h);
	const mar = await person(srv, 'focal_point', 'MAR');
	const r = await mar.api('POST', '/commitments', {
		title: 'Open twelve desks for migrants', lang: 'en', objectives: [3], level: 'national',
		countries: ['MAR'], deliverables: ['Twelve desks'], target_date: '2029-12-31',
		status: 'in_progress', kind: 'individual', form: 'policy',
	});
	assert.equal(r.status, 201, r.text);
});

// The PDF's pages (page objects, not the page tree) and its outline's
// titles (Chromium writes them as literal strings, or UTF-16 in hex).
function pdfFacts(bytes) {
	const text = bytes.toString('latin1');
	const pages = (text.match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
	const titles = [];
	for (const m of text.matchAll(/\/Title\s*(?:\(((?:\\.|[^\\)])*)\)|<([0-9A-Fa-f]+)>)/g)) {
		if (m[1] !== undefined)
			titles.push(m[1].replace(/\\(.)/g, '$1'));
		else
			titles.push(Buffer.from(m[2], 'hex').swap16().toString('utf16le').replace(/^\uFEFF/, ''));
	}
	return { pages, titles, magic: text.slice(0, 5) };
}

function assertReport(facts, what, sections = SECTIONS, pages = sections.length) {
	assert.equal(facts.magic, '%PDF-', `${what}: a PDF`);
	// The cover and contents, then one page at least per section.
	assert.ok(facts.pages >= pages, `${what}: ${facts.pages} pages`);
	for (const s of sections)
		assert.ok(facts.titles.some((t) => t.startsWith(s)), `${what}: the outline has "${s}": ${facts.titles.join(' | ')}`);
}

test('the country report prints to an A4 PDF with its sections', { timeout: 300000 }, async () => {
	await page.goto(srv.base + 'countries/MAR/report');
	await b.step('report-01-page');
	assert.match(await b.body(), /Open twelve desks for migrants/);
	assert.match(await b.body(), /data version \d+/);
	const pdf = await page.pdf({ format: 'A4', outline: true, tagged: true, preferCSSPageSize: true });
	assertReport(pdfFacts(pdf), 'page.pdf');

	const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-report-test-'));
	try {
		const file = path.join(dir, 'mar.pdf');
		const r = await runPacte(['report', 'MAR', '--pdf', file, ...dbArgs(srv.dir)],
			{ timeout: 240000 });
		assertCleanExit(r, 'pacte report');
		assert.match(r.stdout, /wrote .*mar\.pdf/);
		assertReport(pdfFacts(await readFile(file)), 'pacte report');

		const none = await runPacte(['report', 'MAR', '--pdf', file, ...dbArgs(srv.dir)],
			{ env: { CHROMIUM: path.join(dir, 'no-browser-here') } });
		assert.equal(none.code, 1);
		assert.match(none.stderr, /no Chromium found/);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
});

test('a submitted voluntary review prints to an A4 PDF with its sections', { timeout: 300000 }, async () => {
	const { mar } = await openCycle(srv);
	const draft = await mar.api('POST', `/reviews/${CYCLE}/MAR`);
	const v = draft.json.review.stable_url;
	assert.equal((await mar.api('POST', `${v}/edit`, {
		summary: 'Desks opened.', narratives: { 3: 'Information at every desk.' },
	})).status, 200);
	assert.equal((await mar.api('POST', `${v}/submit`)).status, 200);
	await page.goto(`${srv.base}${v.slice(1)}/print`);
	await b.step('report-02-review');
	assert.match(await b.body(), /Information at every desk/);
	const sections = ['Contents', 'Summary', 'By objective', 'Objective 3.',
		'Written inputs about this review'];
	const pages = 4;    // the cover and contents, the summary, the objectives, the inputs
	const pdf = await page.pdf({ format: 'A4', outline: true, tagged: true, preferCSSPageSize: true });
	assertReport(pdfFacts(pdf), 'the review, page.pdf', sections, pages);

	const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-report-test-'));
	try {
		const file = path.join(dir, 'mar-review.pdf');
		const r = await runPacte(['report', 'MAR', '--review', CYCLE, '--pdf', file,
			...dbArgs(srv.dir)], { timeout: 240000 });
		assertCleanExit(r, 'pacte report --review');
		assertReport(pdfFacts(await readFile(file)), 'pacte report --review', sections, pages);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
});
