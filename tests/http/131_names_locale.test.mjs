// 131_names_locale — a state is named in the reader's language on every
// page (issue 17, item 2): "Morocco" on a French page was the complaint;
// and French is typeset as French where a template joins data and a colon
// (the catalog's own typography is scripts/po-check's).
// Every link to a country or to an actor, on every page type that shows
// them (lists, detail pages, a commitment and its progress, the feed), is
// read in French, and none may carry a state's English name where its
// French name differs. The JSON twins say the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, PAGES } from './lib.mjs';

const srv = useServer({ initArgs: ['--sample'] });

// iso3 → {en, fr}, for the states whose two names differ.
async function stateNames() {
	const names = {};
	for (const lang of ['en', 'fr']) {
		const r = await srv.getJSON(`/api/v1/countries?lang=${lang}`);
		assert.equal(r.status, 200);
		for (const c of r.json.countries)
			(names[c.iso3] ??= {})[lang] = c.name;
	}
	return Object.fromEntries(Object.entries(names).filter(([, n]) => n.en !== n.fr));
}

const decode = (s) => s.replace(/&amp;/g, '&').replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"')
	.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();

// The text of every link to a country or an actor in an HTML page.
function namedLinks(html) {
	const out = [];
	for (const m of html.matchAll(/<a\b[^>]*href="(\/(?:countries|actors)\/[^"?#]+)[^"]*"[^>]*>([\s\S]*?)<\/a>/g))
		out.push({ href: m[1], text: decode(m[2]) });
	return out;
}

test('every page in French names states in French', { timeout: 120000 }, async () => {
	const names = await stateNames();
	const english = new Map(Object.values(names).map((n) => [n.en, n.fr]));
	assert.ok(english.has('Morocco') && english.get('Morocco') === 'Maroc');

	// The sample's commitments of states, with their progress, and the states' own pages.
	const list = await srv.getJSON('/api/v1/commitments?limit=100&lang=fr');
	assert.equal(list.status, 200);
	const french = new Set(english.values());
	const ofStates = list.json.commitments.filter((c) => french.has(c.owner.name));
	assert.ok(ofStates.length > 0, 'the sample has commitments of states');
	const pages = [...PAGES, '/commitments', '/commitments?country=MAR', '/feeds/commitments.atom',
		...ofStates.slice(0, 5).map((c) => c.url), ...ofStates.slice(0, 5).map((c) => c.owner.url)];

	let links = 0;
	for (const p of pages) {
		const r = await srv.get(p + (p.includes('?') ? '&' : '?') + 'lang=fr');
		assert.equal(r.status, 200, `GET ${p}`);
		if (p.endsWith('.atom')) {
			for (const m of r.text.matchAll(/<name>([^<]*)<\/name>/g)) {
				assert.ok(!english.has(decode(m[1])), `${p}: an author named "${m[1]}" in English`);
				links++;
			}
			continue;
		}
		for (const l of namedLinks(r.text)) {
			links++;
			assert.ok(!english.has(l.text),
				`${p}: the link to ${l.href} says "${l.text}", not "${english.get(l.text)}"`);
		}
	}
	assert.ok(links > 100, `enough names were read (${links})`);
});

test('the JSON twins name a state\'s commitments and progress in the reader\'s language', async () => {
	const names = await stateNames();
	const english = new Set(Object.values(names).map((n) => n.en));
	const fr = await srv.getJSON('/api/v1/commitments?limit=100&lang=fr');
	const en = await srv.getJSON('/api/v1/commitments?limit=100&lang=en');
	const owners = (r) => r.json.commitments.map((c) => c.owner.name);
	assert.ok(owners(en).some((n) => english.has(n)), 'in English, states by their English names');
	assert.deepEqual(owners(fr).filter((n) => english.has(n)), [], 'in French, none');
	assert.ok(owners(fr).includes('Maroc'));
	const mar = en.json.commitments.find((c) => c.owner.name === 'Morocco');
	const one = await srv.getJSON(`/api/v1${mar.url}?lang=fr`);
	assert.equal(one.json.commitment.owner.name, 'Maroc');
});

test('French is typeset as French: a data label\'s colon', async () => {
	// A sample commitment whose updates carry indicator values.
	const list = await srv.getJSON('/api/v1/commitments?limit=100');
	let page = null;
	for (const c of list.json.commitments) {
		const one = await srv.getJSON(`/api/v1${c.url}`);
		if (JSON.stringify(one.json).includes('"indicator_values":[{')) {
			page = c.url;
			break;
		}
	}
	assert.ok(page, 'the sample has an update with indicator values');
	const fr = await srv.get(`${page}?lang=fr`);
	assert.match(fr.text, /<li>[^<]+\u00a0: <strong>/, 'an indicator\'s name, a non-breaking space, a colon');
	assert.doesNotMatch(fr.text, /<li>[^<]*\S: <strong>/);
	const en = await srv.get(`${page}?lang=en`);
	assert.match(en.text, /<li>[^<]*\S: <strong>/, 'English keeps its colon');
});
