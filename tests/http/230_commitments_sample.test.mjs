// 230_commitments_sample — sample and synthetic records never pass for real
// pledges: every page that shows one says so at the top (a banner), the
// feed marks its entries, and pages without any say nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
	useServer, startServer, Client, signedIn, csrfFrom, pageText, runPacte, dbArgs, assertCleanExit,
} from './lib.mjs';

const srv = useServer();
const BANNER = /<main id="main" class="wrap">\s*<p class="sample-banner" role="note"><strong>Sample data\.<\/strong>/;

let real;
async function setup() {
	if (real)
		return;
	// A real commitment first (on objective 13, which the demo below leaves
	// to it alone only if it happens to: the check uses its own page).
	const { client } = await signedIn(srv, { role: 'admin' });
	const csrf = csrfFrom((await client.get('/account')).text);
	const r = await client.request('/api/v1/commitments', {
		method: 'POST',
		json: {
			csrf_token: csrf, title: 'A real commitment', lang: 'en',
			objectives: [13], level: 'international', countries: [], form: 'policy',
		},
	});
	assert.equal(r.status, 201, r.text);
	real = r.json.commitment;
	assertCleanExit(await runPacte(['demo', '--scale', '30', ...dbArgs(srv.dir)]), 'pacte demo');
}

test('pages showing synthetic records carry the banner at the top', async () => {
	await setup();
	const anon = new Client(srv);
	const list = (await anon.get('/api/v1/commitments?limit=100')).json;
	assert.equal(list.has_sample, true);
	const synthetic = list.commitments.find((c) => c.sample);
	assert.ok(synthetic, 'the demo made synthetic commitments');
	const full = (await anon.get(`/api/v1/commitments/${synthetic.id}`)).json.commitment;
	const pages = ['/commitments', synthetic.url, `/objectives/${synthetic.objectives[0]}`,
		...full.countries.map((c) => c.url)];
	for (const p of pages) {
		for (const lang of ['en', 'fr']) {
			const r = await anon.get(`${p}?lang=${lang}`);
			assert.equal(r.status, 200, p);
			if (lang === 'en')
				assert.match(r.text, BANNER, `${p}: the banner opens the page`);
			else
				assert.match(pageText(r.text), /Données d'exemple\./, `${p} in French`);
		}
	}
	const card = (await new Client(srv).get('/commitments?lang=en')).text;
	assert.match(card, /class="tag-sample">Sample</, 'each synthetic card says so too');
	const feed = (await new Client(srv).get('/feeds/commitments.atom?lang=en')).text;
	assert.match(feed, /<category term="sample" label="Sample data"\/>/);
	assert.match(feed, /<summary type="text">Sample data — /);
});

test('a page with only real records has no banner', async () => {
	await setup();
	const anon = new Client(srv);
	const r = await anon.get(real.url);
	assert.equal(r.status, 200);
	assert.doesNotMatch(r.text, /sample-banner/);
	assert.equal((await anon.get('/api/v1' + real.url)).json.has_sample, false);
	const home = await anon.get('/objectives');
	assert.doesNotMatch(home.text, /sample-banner/, 'nor does a page that shows no commitment');
	const filtered = await anon.get(`/commitments?actor=${real.owner.id}&objective=13`);
	assert.doesNotMatch(filtered.text, /sample-banner/, 'a list of real ones only');
});

test('the sample data of `pacte init --sample` is marked wherever it shows', async () => {
	const other = await startServer({ initArgs: ['--sample'] });
	try {
		const anon = new Client(other);
		const list = (await anon.get('/api/v1/commitments?limit=100')).json;
		assert.ok(list.total > 0, 'init --sample loads commitments');
		assert.ok(list.commitments.every((c) => c.sample), 'every one of them marked');
		for (const c of list.commitments.slice(0, 3)) {
			const r = await anon.get(c.url + '?lang=en');
			assert.match(r.text, BANNER, c.url);
		}
		assert.match((await anon.get('/commitments?lang=en')).text, BANNER);
	} finally {
		await other.stop();
	}
});
