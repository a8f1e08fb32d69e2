// report — a country's printable report in headless Chromium: the page
// passes the checks of lib.mjs (console, CSP, statuses, axe-core, one
// <h1>); printed to PDF (A4, the print stylesheet), it has a page per
// section after the cover and its contents, and its outline holds every
// section's heading; `pacte report MAR --pdf FILE` writes the same, and
// says plainly when there is no browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { person, runPacte, dbArgs, assertCleanExit } from '../http/lib.mjs';
import { useBrowser } from './lib.mjs';

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

function assertReport(facts, what) {
	assert.equal(facts.magic, '%PDF-', `${what}: a PDF`);
	// The cover and contents, then one page at least per section.
	assert.ok(facts.pages >= SECTIONS.length, `${what}: ${facts.pages} pages`);
	for (const s of SECTIONS)
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
