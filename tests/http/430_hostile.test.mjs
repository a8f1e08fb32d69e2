// 430_hostile — hostile input on every route: the site is crawled (as the
// public and as an administrator), every form and every query parameter it
// finds gets each payload below, and so does every id in a path. No payload
// may come back unescaped in an HTML page, and every answer is the one its
// kind of request calls for: a page the crawl reached is there (200; 303 to
// sign in for a seed that needs it); a bad id in a path is 400 when it is no
// text or no path segment, 404 otherwise; a bad ?lang is ignored (200) unless
// it is no text (400). Of a query parameter or a form field the crawl cannot
// know the meaning: a GET answers the page or 400, a POST 422 or the form's
// success (201, 303) — never a 5xx, never a 404 for a form that exists. New
// pages are covered without touching this file, as long as something links
// to them or they are in SEEDS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, signedIn } from './lib.mjs';

const srv = useServer();

// Each payload as it travels: `value` is sent percent-encoded; `raw`
// (optional) is sent as is, for bytes an encoder would never produce.
const PAYLOADS = [
	{ value: '<script>alert(1)</script>' },
	{ value: '"><img src=x onerror=alert(1)>' },
	{ value: "' onmouseover='alert(1)" },
	{ value: "'; DROP TABLE country; --" },
	{ value: "1 OR 1=1" },
	{ value: '../../../../etc/passwd' },
	{ value: '..%2f..%2fetc%2fpasswd' },
	{ value: '99999999999999999999999999' },
	{ value: '-1' },
	{ value: '1e308' },
	{ value: '%s%n%x' },
	{ value: '\u202Egnp.exe' },
	{ value: 'e\u0301\u0301\u0301' },
	{ value: '\uFEFF\u200B' },
	{ value: '{{>layout_head}}{{{x}}}' },
	{ value: 'x'.repeat(5000) },
	{ raw: '%00' },
	{ raw: 'a%00b' },
	{ raw: '%FF%FE' },
	{ raw: '%C0%AF' },
	{ raw: '%ED%A0%80' },
];

// Pages to start from: the crawl finds the rest by following links.
const SEEDS = [
	'/', '/objectives', '/principles', '/countries', '/actors', '/account', '/account/login',
	'/account/register', '/admin', '/admin/audit', '/admin/users', '/commitments', '/commitments/new',
	'/feeds/commitments.atom',
];
// Seeds that send an anonymous visitor to sign in (303).
const SIGNED_IN_ONLY = new Set(['/account', '/admin', '/admin/audit', '/admin/users',
	'/commitments/new']);
const MAX_PAGES = 80;
// Forms we do not fire payloads at: signing out would end the crawl's session.
const SKIP_ACTIONS = [/\/account\/logout$/];

const enc = (p) => p.raw ?? encodeURIComponent(p.value);
// No text at all: bytes that are not UTF-8, or a NUL (the raw payloads).
const notText = (p) => p.raw !== undefined;
// As the last segment of a path: no text, a dot segment or over-long is bad
// input (400); anything else names nothing (404).
const inPath = (p) => notText(p) || p.value.includes('../') || p.value.length > 1000 ? 400 : 404;
// What must never appear in HTML as sent: the payloads with markup in them.
const dangerous = PAYLOADS.filter((p) => p.value && /[<>"']/.test(p.value)).map((p) => p.value);

function sameSite(href) {
	if (!href || href.startsWith('//') || /^[a-z]+:/i.test(href))
		return null;
	return href.startsWith('/') ? href.replace(/#.*$/, '') : null;
}

function attr(tag, name) {
	const m = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
	return m ? m[1].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'") : null;
}

// The forms of a page: {action, method, fields: [[name, value]]}.
function formsOf(html, pagePath) {
	const forms = [];
	for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
		const action = sameSite(attr(m[1], 'action') || pagePath);
		if (!action)
			continue;
		const method = (attr(m[1], 'method') || 'get').toUpperCase();
		const fields = [];
		for (const f of m[2].matchAll(/<(input|select|textarea)\b([^>]*)>/gi)) {
			const name = attr(f[2], 'name');
			if (!name || /type="(submit|button)"/i.test(f[2]))
				continue;
			let value = attr(f[2], 'value') ?? '';
			if (f[1].toLowerCase() === 'select') {
				const opt = /<option\b[^>]*value="([^"]*)"/i.exec(m[2].slice(f.index));
				value = opt ? opt[1] : '';
			}
			fields.push([name, value]);
		}
		forms.push({ action, method, fields });
	}
	return forms;
}

// Checks an answer: its status one of `statuses`, no payload unescaped.
function check(r, what, ...statuses) {
	assert.ok(statuses.includes(r.status),
		`${what}: ${r.status}, not ${statuses.join(' or ')}: ${r.text.slice(0, 200)}`);
	if (/text\/html/.test(r.headers.get('content-type') || ''))
		for (const d of dangerous)
			assert.ok(!r.text.includes(d), `${what}: the payload ${JSON.stringify(d)} came back unescaped`);
}

async function crawl(client, anonymous) {
	const seen = new Set();
	const queue = [...SEEDS];
	const pages = [];
	while (queue.length && pages.length < MAX_PAGES) {
		const p = queue.shift();
		// One page per kind and set of query parameters: /countries/MAR
		// stands for every country, /actors?type=x for every type.
		const [pp, qq] = p.split('?');
		const key = pp.replace(/\/(\d+|[A-Z]{3}|[a-z0-9]+(-[a-z0-9]+)+)(?=\/|$)/g, '/N') + '?' +
			[...new URLSearchParams(qq || '').keys()].sort().join('&');
		if (seen.has(key))
			continue;
		seen.add(key);
		const r = await client.get(p);
		check(r, `GET ${p}`, anonymous && SIGNED_IN_ONLY.has(p) ? 303 : 200);
		if (!/text\/html/.test(r.headers.get('content-type') || ''))
			continue;
		pages.push({ path: p, html: r.text });
		for (const m of r.text.matchAll(/<a\b[^>]*\shref="([^"]+)"/gi)) {
			const href = sameSite(m[1].replace(/&amp;/g, '&'));
			if (href && !href.startsWith('/static/') && !href.startsWith('/api/'))
				queue.push(href);
		}
	}
	return pages;
}

async function attack(client, pages, who) {
	let sent = 0;
	const doneForms = new Set();
	const doneParams = new Set();
	for (const page of pages) {
		const [pathOnly, qs] = page.path.split('?');
		// Query parameters of the links we followed, and ?lang on every page.
		const names = new Set(['lang', ...new URLSearchParams(qs || '').keys()]);
		for (const name of names) {
			if (doneParams.has(pathOnly + '?' + name))
				continue;
			doneParams.add(pathOnly + '?' + name);
			for (const p of PAYLOADS) {
				const r = await client.get(`${pathOnly}?${encodeURIComponent(name)}=${enc(p)}`);
				const what = `${who} GET ${pathOnly}?${name}=${p.raw ?? p.value.slice(0, 40)}`;
				if (name === 'lang')
					check(r, what, notText(p) ? 400 : 200);
				else
					check(r, what, 200, 400);
				sent++;
			}
		}
		// Ids in the path: the last numeric or code-like segment.
		const segs = pathOnly.split('/');
		if (segs.length > 2 && !doneParams.has('path:' + segs.slice(0, -1).join('/'))) {
			doneParams.add('path:' + segs.slice(0, -1).join('/'));
			for (const p of PAYLOADS) {
				const r = await client.get(segs.slice(0, -1).join('/') + '/' + enc(p));
				check(r, `${who} GET ${segs.slice(0, -1).join('/')}/${p.raw ?? p.value.slice(0, 40)}`,
					inPath(p));
				sent++;
			}
		}
		for (const form of formsOf(page.html, pathOnly)) {
			const id = form.method + ' ' + form.action.replace(/\/\d+(?=\/|$)/g, '/N');
			if (doneForms.has(id) || SKIP_ACTIONS.some((re) => re.test(form.action)))
				continue;
			doneForms.add(id);
			for (const [name] of form.fields) {
				if (name === 'csrf_token')
					continue;
				for (const p of PAYLOADS) {
					const pairs = form.fields.map(([n, v]) => [n, n === name ? { raw: enc(p) } : v]);
					const r = form.method === 'GET'
						? await client.get(`${form.action.split('?')[0]}?${pairs.map(([n, v]) =>
							`${encodeURIComponent(n)}=${typeof v === 'object' ? v.raw : encodeURIComponent(v)}`).join('&')}`)
						: await client.request(form.action, { method: 'POST', form: pairs });
					check(r, `${who} ${form.method} ${form.action} ${name}=${p.raw ?? p.value.slice(0, 40)}`,
						...(form.method === 'GET' ? [200, 400] : [201, 303, 422]));
					sent++;
				}
			}
		}
	}
	return { sent, forms: doneForms.size };
}

test('every route answers a hostile payload as its kind of request calls for, never echoing it ' +
	'unescaped (anonymous)', async (t) => {
	const client = new Client(srv);
	const pages = await crawl(client, true);
	assert.ok(pages.length >= 8, `crawled only ${pages.length} pages`);
	const { sent, forms } = await attack(client, pages, 'anonymous');
	t.diagnostic(`${pages.length} pages, ${forms} forms, ${sent} hostile requests`);
	assert.ok(forms >= 2, `found only ${forms} forms`);
	assert.ok(sent > 200, `sent only ${sent} requests`);
});

test('the same as an administrator, who sees every form', async (t) => {
	const { client } = await signedIn(srv, { role: 'admin' });
	const pages = await crawl(client, false);
	const { sent, forms } = await attack(client, pages, 'admin');
	t.diagnostic(`${pages.length} pages, ${forms} forms, ${sent} hostile requests`);
	assert.ok(forms >= 4, `found only ${forms} forms`);
	assert.ok(sent > 500, `sent only ${sent} requests`);
	// The session survived the attack (nothing signed us out).
	assert.equal((await client.get('/account')).status, 200);
});
