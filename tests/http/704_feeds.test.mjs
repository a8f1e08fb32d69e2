// 704_feeds — the Atom feeds readers can find: every list page (and every
// page) links a feed in its <head>, scoped pages their own; each feed is
// valid against RFC 4287's RELAX NG schema (jing, schemas/atom.rnc), its
// links absolute (--base-url, or the first request's host), and each entry
// has what the RFC's rules outside the schema ask (an author, an alternate
// link, a summary).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT, startServer } from './lib.mjs';

const SCHEMA = path.join(ROOT, 'tests/http/schemas/atom.rnc');

// jing's complaints about the XML text, [] when it is valid.
async function atomErrors(xml) {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-atom-'));
	const file = path.join(dir, 'feed.xml');
	try {
		await writeFile(file, xml);
		await promisify(execFile)('jing', ['-c', SCHEMA, file]);
		return [];
	} catch (e) {
		if (e.code === 'ENOENT')
			throw new Error('jing not found: scripts/install-deps installs it');
		return (e.stdout || e.message).split('\n').filter((l) => l.includes('error'));
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

// The href of the page's <link rel="alternate" type="application/atom+xml">.
function feedLink(html) {
	const m = /<link rel="alternate" type="application\/atom\+xml" href="([^"]+)"/.exec(html);
	return m ? m[1].replace(/&amp;/g, '&') : null;
}

const PAGES = [
	['/', '/feeds/commitments.atom'],
	['/commitments', '/feeds/commitments.atom'],
	['/commitments?objective=7', '/feeds/commitments.atom?objective=7'],
	['/commitments?country=MAR', '/feeds/commitments.atom?country=MAR'],
	['/objectives', '/feeds/commitments.atom'],
	['/objectives/7', '/feeds/commitments.atom?objective=7'],
	['/countries', '/feeds/commitments.atom'],
	['/countries/MAR', '/feeds/commitments.atom?country=MAR'],
	['/actors', '/feeds/commitments.atom'],
	['/principles', '/feeds/commitments.atom'],
	['/data', '/feeds/commitments.atom'],
];

test('every list page links its feed; each feed is valid Atom with absolute links', async () => {
	const srv = await startServer({ initArgs: ['--sample'],
		serveArgs: ['--base-url', 'https://pacte.example'] });
	try {
		for (const [page, feed] of PAGES) {
			const html = await srv.get(page);
			assert.equal(html.status, 200, page);
			assert.equal(feedLink(html.text), feed, page);
			const r = await srv.get(feed);
			assert.equal(r.status, 200, feed);
			assert.match(r.headers.get('content-type'), /^application\/atom\+xml/);
			assert.deepEqual(await atomErrors(r.text), [], feed);
			const entries = r.text.split('<entry>').slice(1);
			if (feed === '/feeds/commitments.atom')
				assert.ok(entries.length > 5, 'the sample has entries');
			for (const e of entries) {
				assert.match(e, /<author><name>[^<]+<\/name><\/author>/);
				assert.match(e, /<link rel="alternate" type="text\/html" href="https:\/\/pacte\.example\/commitments\/\d+(#update-\d+)?"\/>/);
				assert.match(e, /<summary type="text">/);
			}
			assert.match(r.text, /<link rel="self" type="application\/atom\+xml" href="https:\/\/pacte\.example\/feeds\/commitments\.atom/);
		}
		// The schema is no rubber stamp.
		const bad = (await srv.get('/feeds/commitments.atom')).text.replace(/<updated>[^<]*</, '<updated>yesterday<');
		assert.ok((await atomErrors(bad)).length > 0);
	} finally {
		await srv.stop();
	}
});

test('without --base-url, links take the first request\'s host, whatever later ones say', async () => {
	const srv = await startServer({ initArgs: ['--sample'] });
	try {
		const first = await srv.get('/feeds/commitments.atom');
		const host = new URL(srv.base).host;
		assert.ok(first.text.includes(`href="http://${host}/commitments/`), first.text.slice(0, 800));
		const forged = await srv.raw('/feeds/commitments.atom?objective=7',
			{ headers: { host: 'evil.example' } });
		assert.ok(!forged.body.toString().includes('evil.example'));
		assert.deepEqual(await atomErrors(first.text), []);
	} finally {
		await srv.stop();
	}
});
