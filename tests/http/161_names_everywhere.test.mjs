// 161_names_everywhere — no English name of an objective, a region or a principle on a
// French page (issue 17, item 2; 131 does the same for states): every page type that
// names them — the Compact's pages, lists with their filters, a commitment, a practice,
// a need or offer, an event, the dashboard, indicators — is read with ?lang=fr, and no
// link to an objective, region or principle, no option of a filter, no heading may carry
// the English name where the French one differs. The names come from data/*.csv, where
// names.h's pattern reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useServer, PAGES } from './lib.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const srv = useServer({ initArgs: ['--sample'] });

// The rows of a data/*.csv (comment lines skipped; quoted fields with commas).
function csvRows(file) {
	const text = fs.readFileSync(path.join(ROOT, 'data', file), 'utf8');
	const rows = [];
	for (const line of text.split('\n')) {
		if (!line || line.startsWith('#'))
			continue;
		const cells = [];
		for (const m of line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)) {
			cells.push(m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]);
			if (!m[2])
				break;
		}
		rows.push(cells);
	}
	const [head, ...body] = rows;
	return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

// English name -> French name, for every name whose two differ.
function englishNames() {
	const m = new Map();
	const add = (en, fr) => {
		if (en && fr && en !== fr)
			m.set(en, fr);
	};
	for (const o of csvRows('objectives.csv')) {
		add(o.short_en, o.short_fr);
		add(o.title_en, o.title_fr);
	}
	for (const r of csvRows('regions.csv'))
		add(r.name_en, r.name_fr);
	for (const p of csvRows('principles.csv'))
		add(p.title_en, p.title_fr);
	return m;
}

const decode = (s) => s.replace(/&amp;/g, '&').replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"')
	.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();

// The texts that name things: links to them, options of filters, headings.
function namingTexts(html) {
	const out = [];
	for (const m of html.matchAll(/<a\b[^>]*href="\/(?:objectives|regions|principles)\/[^"]*"[^>]*>([\s\S]*?)<\/a>/g))
		out.push(decode(m[1]));
	for (const m of html.matchAll(/<option\b[^>]*>([\s\S]*?)<\/option>/g))
		out.push(decode(m[1]));
	for (const m of html.matchAll(/<h[1-3]\b[^>]*>([\s\S]*?)<\/h[1-3]>/g))
		out.push(decode(m[1]));
	return out;
}

// "12. Short title" and "Objective 12: …" carry the name after a prefix.
const bare = (t) => t.replace(/^\d+\.\s*/, '').replace(/^[^:]*\u00a0:\s*/, '');

test('every page type in French names objectives, regions and principles in French', { timeout: 180000 }, async () => {
	const english = englishNames();
	assert.equal(english.get('Africa'), 'Afrique');

	const one = async (api, key) => {
		const r = await srv.getJSON(`/api/v1${api}`);
		assert.equal(r.status, 200, api);
		const list = r.json[key] || [];
		return list.length ? list[0].url : null;
	};
	const extra = ['/commitments', '/commitments/new', '/practices', '/hub', '/events',
		'/feeds/commitments.atom', '/search?q=migration'];
	for (const [api, key] of [['/commitments?limit=1', 'commitments'], ['/practices', 'practices'],
		['/hub', 'items'], ['/events', 'events']]) {
		const url = await one(api, key);
		if (url)
			extra.push(url);
	}

	let seen = 0;
	const problems = [];
	for (const p of [...PAGES, ...extra]) {
		const r = await srv.get(p + (p.includes('?') ? '&' : '?') + 'lang=fr');
		if (r.status !== 200)
			continue; // a page that needs an account: not this test's business
		for (const t of namingTexts(r.text)) {
			seen++;
			for (const s of [t, bare(t)])
				if (english.has(s))
					problems.push(`${p}: "${s}" (French: "${english.get(s)}")`);
		}
	}
	assert.deepEqual(problems, []);
	assert.ok(seen > 200, `enough names were read (${seen})`);
});

// ---- The other UN languages (issue 17, items 1, 2 and 4) ----------------------------------
// Arabic, Spanish, Russian and Chinese pages: no objective, region, principle or state named
// in English where the language's name differs (data/names/LANG.csv and countries.csv), no
// review cycle titled in English, and the Compact's title in the page's language.

// English name -> the name in lang, for every name whose two differ.
function englishNamesIn(lang) {
	const own = new Map(csvRows(`names/${lang}.csv`).map((r) => [`${r.kind}/${r.key}/${r.field}`, r.text]));
	const m = new Map();
	const add = (en, key) => {
		const t = own.get(key);
		if (en && t && en !== t)
			m.set(en, t);
	};
	for (const o of csvRows('objectives.csv')) {
		add(o.title_en, `objective/${o.number}/title`);
		add(o.short_en, `objective/${o.number}/short`);
	}
	for (const r of csvRows('regions.csv'))
		add(r.name_en, `region/${r.m49}/name`);
	for (const p of csvRows('principles.csv'))
		add(p.title_en, `principle/${p.slug}/title`);
	for (const c of csvRows('countries.csv'))
		if (c[`name_${lang}`] && c[`name_${lang}`] !== c.name_en)
			m.set(c.name_en, c[`name_${lang}`]);
	return m;
}

// Links to states and review cycles name things too.
function namingTextsAll(html) {
	const out = namingTexts(html);
	for (const m of html.matchAll(/<a\b[^>]*href="\/(?:countries|reviews)\/[^"]*"[^>]*>([\s\S]*?)<\/a>/g))
		out.push(decode(m[1]));
	return out;
}

const COMPACT_EN = 'Global Compact for Safe, Orderly and Regular Migration';
const CYCLES_EN = /International Migration Review Forum \d|Regional review \d/;

test('every page type in Arabic, Spanish, Russian and Chinese names things in that language', { timeout: 300000 }, async () => {
	const pages = [...PAGES, '/commitments', '/practices', '/hub', '/events', '/search?q=migration',
		'/reviews', '/reviews/imrf-2026', '/reviews/regional-2028-africa', '/reviews/regional-2024-asia'];
	const problems = [];
	for (const lang of ['ar', 'es', 'ru', 'zh']) {
		const english = englishNamesIn(lang);
		assert.ok(english.has('Africa') && english.has('Morocco'), `${lang}: names read`);
		let seen = 0;
		for (const p of pages) {
			const r = await srv.get(p + (p.includes('?') ? '&' : '?') + `lang=${lang}`);
			assert.equal(r.status, 200, `GET ${p} in ${lang}`);
			for (const t of namingTextsAll(r.text)) {
				seen++;
				for (const s of [t, bare(t)])
					if (english.has(s))
						problems.push(`${lang} ${p}: "${s}" (${english.get(s)})`);
				if (CYCLES_EN.test(t))
					problems.push(`${lang} ${p}: a review cycle in English, "${t}"`);
			}
			if (decode(r.text).includes(COMPACT_EN))
				problems.push(`${lang} ${p}: the Compact's English title`);
		}
		assert.ok(seen > 200, `${lang}: enough names were read (${seen})`);
		// The home page links the Compact's official text in the language.
		const home = await srv.get(`/?lang=${lang}`);
		assert.ok(home.text.includes(`href="https://undocs.org/${lang}/A/RES/73/195"`), `${lang}: the text's link`);
	}
	assert.deepEqual(problems, []);
});

// ---- Elision where a template puts a name after translated text (issue 17, item 4) ----------
test('French elides before a name a template puts after translated text', async () => {
	const r = await srv.get('/regions/015?lang=fr');
	assert.equal(r.status, 200);
	assert.match(decode(r.text), /Fait partie d'Afrique\./);
	assert.doesNotMatch(decode(r.text), /partie de Afrique/);
});
