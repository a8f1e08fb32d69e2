// 120_html_valid — every page, in English and French, and the error pages,
// through the Nu HTML Checker (vnu) in one java run: zero errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PAGES, vnuErrors } from './lib.mjs';

const srv = useServer();

const CHECKED = [
	...PAGES.map((p) => ({ p, status: 200 })),
	...PAGES.map((p) => ({ p: p + (p.includes('?') ? '&' : '?') + 'lang=fr', status: 200 })),
	{ p: '/nope', status: 404 },
	{ p: '/nope?lang=fr', status: 404 },
	{ p: '/countries?q=%ff', status: 400 },
	{ p: '/countries?q=zzzzqqqq', status: 200 },
];

test('every page is valid HTML (vnu, errors only)', { timeout: 300000 }, async () => {
	const pages = [];
	for (const c of CHECKED) {
		const r = await srv.raw(c.p);
		assert.equal(r.status, c.status, `GET ${c.p}`);
		assert.match(r.headers['content-type'], /^text\/html\b/, `GET ${c.p}`);
		pages.push({ name: c.p, html: r.body });
	}
	const errors = await vnuErrors(pages);
	assert.equal(errors.length, 0, `${errors.length} HTML error(s):\n${errors.join('\n')}`);
});
