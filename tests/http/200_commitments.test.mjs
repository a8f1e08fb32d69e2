// 200_commitments — recording commitments and reporting progress: the
// forms and their API twins, every bad input the issue names (422, what
// was typed kept, each field named), progress updates and corrections,
// permissions (403, and the attempt in the audit trail).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
	useServer, Client, signedIn, registerPartner, actorId, csrfFrom, pageText, tokenOf, apiAs,
	person,
} from './lib.mjs';

const srv = useServer();

// ---- helpers --------------------------------------------------------------------

const valid = (extra = {}) => ({
	title: 'Train 500 border officials in the rights of migrants',
	description: 'A **national** programme.\n\n<script>alert(1)</script>',
	lang: 'en',
	objectives: [7, 11],
	principles: ['human-rights'],
	level: 'national',
	countries: ['MAR'],
	start_date: '2024-01-01',
	target_date: '2030-12-31',
	deliverables: ['500 border officials trained'],
	indicators: [{ name: 'Officials trained', unit: 'people', baseline: 0, target: 500 }],
	status: 'planned',
	kind: 'individual',
	form: 'human_resources',
	...extra,
});

// The same commitment as the HTML form sends it: repeated names, one
// indicator row, the CSRF token added by Client.submit.
const formFields = (extra = []) => [
	['title', 'Open 12 one-stop centres for returning migrants'],
	['lang', 'en'],
	['description', 'Centres in *twelve* regions.'],
	['objectives', '21'],
	['objectives', '7'],
	['level', 'national'],
	['countries', 'MAR'],
	['start_date', '2024-02-01'],
	['target_date', '2031-06-30'],
	['deliverables', '12 centres open\n3,000 people advised a year'],
	['indicator_id', ''], ['indicator_name', 'Centres open'], ['indicator_unit', 'centres'],
	['indicator_baseline', '0'], ['indicator_target', '12'],
	['status', 'planned'],
	['kind', 'individual'],
	['form', 'policy'],
	...extra,
];

// Client.submit with an array of pairs (repeated names): GET the form for
// its token, then POST.
async function submitPairs(client, page, action, pairs, opts = {}) {
	const token = csrfFrom((await client.get(page)).text);
	assert.ok(token, `${page} has a CSRF token`);
	return client.request(action, { method: 'POST', form: [['csrf_token', token], ...pairs], ...opts });
}

const problemFields = (r) => r.json.errors.map((e) => e.field).sort();

// ---- the people of this file --------------------------------------------------------

const who = {};
async function cast() {
	if (who.mar)
		return who;
	who.mar = await person(srv, 'focal_point', 'MAR');
	who.sen = await person(srv, 'focal_point', 'SEN');
	who.admin = await person(srv, 'admin');
	return who;
}

// ---- creating -------------------------------------------------------------------------

test('a focal point records a commitment through the form', async () => {
	const { mar } = await cast();
	const form = await mar.client.get('/commitments/new');
	assert.equal(form.status, 200);
	assert.match(form.text, /<form[^>]+action="\/commitments\/new"/);
	assert.match(pageText(form.text), /On behalf of Morocco/);
	const r = await submitPairs(mar.client, '/commitments/new', '/commitments/new', formFields());
	assert.equal(r.status, 303, r.text.slice(0, 500));
	const url = r.headers.get('location');
	assert.match(url, /^\/commitments\/\d+$/);
	const page = await mar.client.get(url);
	assert.equal(page.status, 200);
	const text = pageText(page.text);
	assert.match(text, /Open 12 one-stop centres for returning migrants/);
	assert.match(page.text, /<em>twelve<\/em>/, 'the description is Markdown');
	assert.match(text, /Planned/);
	assert.match(text, /12 centres open/);
	assert.match(text, /3,000 people advised a year/);
	const m = await new Client(srv).get('/api/v1' + url);
	assert.equal(m.status, 200);
	const c = m.json.commitment;
	assert.equal(c.owner.name, 'Morocco');
	assert.deepEqual(c.objectives.map((o) => o.number), [7, 21]);
	assert.deepEqual(c.countries.map((x) => x.iso3), ['MAR']);
	assert.deepEqual(c.deliverables, ['12 centres open', '3,000 people advised a year']);
	assert.equal(c.indicators.length, 1);
	assert.equal(c.indicators[0].target, 12);
	assert.equal(c.status, 'planned');
	assert.equal(c.smart.ok, true);
	assert.equal(c.sample, false);
});

test('the API creates one: 201, Location, the model; Markdown is safe', async () => {
	const { mar } = await cast();
	const r = await mar.api('POST', '/commitments', valid());
	assert.equal(r.status, 201, r.text);
	const c = r.json.commitment;
	assert.equal(r.headers.get('location'), `/commitments/${c.id}`);
	assert.equal(c.url, `/commitments/${c.id}`);
	assert.equal(c.title, valid().title);
	assert.ok(!c.description_html.includes('<script'), 'raw HTML is dropped');
	assert.match(c.description_html, /<strong>national<\/strong>/);
	const html = await new Client(srv).get(c.url);
	assert.ok(!html.text.includes('<script>alert(1)</script>'));
	assert.ok(!html.text.includes('<script'), 'no script at all on the page');
});

test('SMART flags and overdue show on the page as words', async () => {
	const { mar } = await cast();
	const r = await mar.api('POST', '/commitments', valid({
		title: 'Improve things', deliverables: ['better coordination'], indicators: [],
		start_date: '2019-01-01', target_date: '2020-06-30', status: 'in_progress',
	}));
	assert.equal(r.status, 201, r.text);
	const c = r.json.commitment;
	assert.equal(c.overdue, true);
	assert.equal(c.smart.ok, false);
	assert.deepEqual(c.smart.missing.map((x) => x.code).sort(), ['indicator', 'measurable_deliverable']);
	const page = await new Client(srv).get(c.url);
	const text = pageText(page.text);
	assert.match(text, /Overdue: its target date has passed and it is not achieved/);
	assert.match(text, /Not yet measurable/);
	assert.match(page.text, /class="flag-overdue">Overdue</);
	assert.match(page.text, /class="c-status c-status-in_progress">In progress</);
	assert.match(page.text, /class="fresh fresh-\w+">/, 'freshness as a word in a badge');
	const fr = await new Client(srv).get(c.url + '?lang=fr');
	assert.match(pageText(fr.text), /En retard/);
});

// ---- bad input ---------------------------------------------------------------------------

test('API: every bad field of the issue, all named at once (problem+json)', async () => {
	const { mar } = await cast();
	const r = await mar.api('POST', '/commitments', valid({
		title: 'x'.repeat(301), objectives: [0, 24], countries: ['MAR', 'XXX'],
		start_date: '2025-01-01', target_date: '2024-12-31', level: 'galactic',
	}));
	assert.equal(r.status, 422, r.text);
	assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
	assert.equal(r.json.status, 422);
	assert.deepEqual(problemFields(r), ['countries', 'level', 'objectives', 'target_date', 'title']);
	for (const e of r.json.errors)
		assert.ok(e.detail && e.detail.length > 5, `${e.field} has a reason`);
	const none = await mar.api('POST', '/commitments', valid({ objectives: [] }));
	assert.equal(none.status, 422);
	assert.deepEqual(problemFields(none), ['objectives']);
	const list = await new Client(srv).get('/api/v1/commitments?limit=100');
	assert.ok(!list.json.commitments.some((c) => c.title.startsWith('xxxxxxxx')), 'nothing written');
});

test('form: each bad input re-renders the form (422), keeps the input, names the field', async (t) => {
	const { mar } = await cast();
	const cases = [
		['no objective', (f) => f.filter(([k]) => k !== 'objectives'), 'objectives'],
		['objective 24', (f) => [...f, ['objectives', '24']], 'objectives'],
		['unknown country', (f) => [...f, ['countries', 'ZZZ']], 'countries'],
		['target before start', (f) => f.map(([k, v]) => [k, k === 'target_date' ? '2023-01-01' : v]), 'target_date'],
		['title over 300 characters', (f) => f.map(([k, v]) => [k, k === 'title' ? 'é'.repeat(301) : v]), 'title'],
		['invalid UTF-8', (f) => f.map(([k, v]) => [k, k === 'title' ? { raw: 'bad%FF%FEtitle' } : v]), 'title'],
		['invalid UTF-8 in an indicator', (f) => f.map(([k, v]) => [k, k === 'indicator_unit' ? { raw: '%C0%AF' } : v]), 'indicators'],
	];
	for (const [name, change, field] of cases) {
		await t.test(name, async () => {
			const r = await submitPairs(mar.client, '/commitments/new', '/commitments/new', change(formFields()));
			assert.equal(r.status, 422, r.text.slice(0, 300));
			assert.match(r.headers.get('content-type'), /^text\/html/);
			assert.match(r.text, new RegExp(`id="${field}-error"`), `a message beside ${field}`);
			assert.match(r.text, new RegExp(`class="error-summary"[\\s\\S]*href="#${field}"`));
			assert.ok(r.text.includes('Centres in *twelve* regions.'), 'the description is kept');
			assert.ok(r.text.includes('12 centres open\n3,000 people advised a year'), 'deliverables kept');
			assert.match(r.text, /<option value="MAR" selected>/, 'the country stays chosen');
			if (field !== 'title')
				assert.ok(r.text.includes('value="Open 12 one-stop centres for returning migrants"'));
			assert.ok(csrfFrom(r.text), 'the form can be sent again');
		});
	}
	await t.test('the same through a form-encoded API call: problem+json', async () => {
		const token = csrfFrom((await mar.client.get('/commitments/new')).text);
		const r = await mar.client.request('/api/v1/commitments', {
			method: 'POST',
			form: [['csrf_token', token], ...formFields().map(([k, v]) => [k, k === 'title' ? { raw: '%C3%28' } : v]),
				['countries', 'QQQ']],
		});
		assert.equal(r.status, 422);
		assert.deepEqual(problemFields(r), ['countries', 'title']);
	});
});

// ---- editing ---------------------------------------------------------------------------------

test('edit: the form shows the current values; saving changes them', async () => {
	const { mar } = await cast();
	const made = await mar.api('POST', '/commitments', valid({ title: 'Before the edit' }));
	const url = made.json.commitment.url;
	const form = await mar.client.get(url + '/edit');
	assert.equal(form.status, 200);
	assert.ok(form.text.includes('value="Before the edit"'));
	assert.match(form.text, /id="objective-7" name="objectives" value="7" checked/);
	assert.match(form.text, /name="updated_at" value="[^"]+"/);
	const updatedAt = /name="updated_at" value="([^"]+)"/.exec(form.text)[1];
	const r = await submitPairs(mar.client, url + '/edit', url + '/edit', formFields([
		['updated_at', updatedAt],
	]).map(([k, v]) => [k, k === 'title' ? 'After the edit' : v]));
	assert.equal(r.status, 303, r.text.slice(0, 400));
	assert.equal(r.headers.get('location'), url);
	const after = await new Client(srv).get('/api/v1' + url);
	assert.equal(after.json.commitment.title, 'After the edit');
	assert.deepEqual(after.json.commitment.objectives.map((o) => o.number), [7, 21]);

	// The stale form, sent again, would overwrite the edit: 409.
	const stale = await submitPairs(mar.client, url + '/edit', url + '/edit', formFields([
		['updated_at', updatedAt],
	]));
	assert.equal(stale.status, 409);

	// Bad input on edit: 422 naming the field, through the API too.
	const bad = await mar.api('POST', url + '/edit',
		valid({ target_date: '2000-01-01' }));
	assert.equal(bad.status, 422);
	assert.deepEqual(problemFields(bad), ['target_date']);
});

// ---- progress ----------------------------------------------------------------------------------

test('progress: two updates, then a correction; history is kept', async () => {
	const { mar } = await cast();
	const made = await mar.api('POST', '/commitments', valid({ title: 'Progress target' }));
	const c = made.json.commitment;
	const form = await mar.client.get(c.url + '/progress');
	assert.equal(form.status, 200);
	assert.match(form.text, /name="indicator_value"/);

	const first = await submitPairs(mar.client, c.url + '/progress', c.url + '/progress', [
		['reported_at', '2025-03-01'], ['status', 'in_progress'], ['percent', '20'],
		['milestone', 'Curriculum ready'], ['narrative', 'Work has *begun*.'],
		['indicator_id', String(c.indicators[0].id)], ['indicator_value', '100'],
		['evidence', 'https://example.org/report-1\nhttp://example.org/law'],
	]);
	assert.equal(first.status, 303, first.text.slice(0, 400));
	assert.match(first.headers.get('location'), new RegExp(`^${c.url}#update-\\d+$`));

	const second = await mar.api('POST', c.url + '/progress', {
		reported_at: '2025-09-01', status: 'delayed', percent: 35, narrative: 'Funding is late.',
	});
	assert.equal(second.status, 201, second.text);
	const secondId = second.json.id;
	let m = (await new Client(srv).get('/api/v1' + c.url)).json;
	assert.equal(m.commitment.status, 'delayed');
	assert.equal(m.commitment.percent, 35);
	assert.equal(m.updates.length, 2);
	assert.equal(m.updates[0].id, secondId, 'newest first');
	assert.equal(m.commitment.indicators[0].latest, 100);

	// The correction form starts from what the update said.
	const cf = await mar.client.get(`${c.url}/progress?corrects=${secondId}`);
	assert.match(pageText(cf.text), /Correct a progress update/);
	assert.match(cf.text, new RegExp(`<option value="${secondId}" selected>`));
	assert.ok(cf.text.includes('Funding is late.'));
	const fix = await submitPairs(mar.client, c.url + '/progress', c.url + '/progress', [
		['corrects', String(secondId)], ['reported_at', '2025-09-01'], ['status', 'in_progress'],
		['percent', '45'], ['narrative', 'Funding arrived after all.'],
	]);
	assert.equal(fix.status, 303, fix.text.slice(0, 400));
	m = (await new Client(srv).get('/api/v1' + c.url)).json;
	assert.equal(m.updates.length, 3, 'nothing removed');
	const old = m.updates.find((u) => u.id === secondId);
	assert.equal(old.corrected, true);
	assert.equal(old.narrative, 'Funding is late.', 'the corrected update is unchanged');
	assert.equal(m.commitment.status, 'in_progress');
	assert.equal(m.commitment.percent, 45);
	const page = await new Client(srv).get(c.url);
	assert.match(pageText(page.text), /Corrected by a later update/);
	assert.match(pageText(page.text), /This update corrects an earlier one/);
	assert.match(page.text, /href="https:\/\/example.org\/report-1"/);

	// A corrected update cannot be corrected again.
	const again = await mar.api('POST', c.url + '/progress', { corrects: secondId, status: 'achieved' });
	assert.equal(again.status, 422);
	assert.deepEqual(problemFields(again), ['corrects']);
});

test('progress: bad percent, evidence, date and text are refused by name', async (t) => {
	const { mar } = await cast();
	const c = (await mar.api('POST', '/commitments', valid({ title: 'Bad progress' }))).json.commitment;
	const r = await mar.api('POST', c.url + '/progress', {
		status: 'in_progress', percent: 101, evidence: ['ftp://example.org/x', 'javascript:alert(1)'],
		reported_at: '2999-01-01',
	});
	assert.equal(r.status, 422);
	assert.deepEqual(problemFields(r), ['evidence', 'percent', 'reported_at']);
	for (const [name, pairs, field] of [
		['percent -1', [['status', 'in_progress'], ['percent', '-1']], 'percent'],
		['percent 150', [['status', 'in_progress'], ['percent', '150']], 'percent'],
		['evidence not http', [['status', 'in_progress'], ['evidence', 'mailto:x@example.org']], 'evidence'],
		['invalid UTF-8', [['status', 'in_progress'], ['milestone', { raw: 'a%FFb' }]], 'milestone'],
		['unknown status', [['status', 'finished']], 'status'],
	]) {
		await t.test(name, async () => {
			const f = await submitPairs(mar.client, c.url + '/progress', c.url + '/progress',
				[...pairs, ['narrative', 'Kept narrative text']]);
			assert.equal(f.status, 422, f.text.slice(0, 300));
			assert.match(f.text, new RegExp(`id="${field}-error"`));
			assert.ok(f.text.includes('Kept narrative text'), 'the narrative is kept');
		});
	}
	const m = (await new Client(srv).get('/api/v1' + c.url)).json;
	assert.equal(m.updates.length, 0, 'nothing was written');
});

// ---- permissions --------------------------------------------------------------------------------

test('a focal point cannot touch another state\'s commitment: 403, audited', async () => {
	const { mar, sen, admin } = await cast();
	const c = (await sen.api('POST', '/commitments', valid({ title: 'Senegal commitment', countries: ['SEN'] }))).json.commitment;
	assert.equal((await mar.client.get(c.url + '/edit')).status, 403);
	assert.equal((await mar.client.get(c.url + '/progress')).status, 403);
	const edit = await mar.api('POST', c.url + '/edit', valid({ title: 'Hijacked' }));
	assert.equal(edit.status, 403);
	const prog = await mar.api('POST', c.url + '/progress', { status: 'achieved' });
	assert.equal(prog.status, 403);
	const other = await mar.api('POST', '/commitments', valid({ owner_actor_id: c.owner.id }));
	assert.equal(other.status, 403, 'nor create one in its name');
	const page = await mar.client.get(c.url);
	assert.doesNotMatch(page.text, /\/edit"/, 'no edit link for them');
	const still = (await new Client(srv).get('/api/v1' + c.url)).json.commitment;
	assert.equal(still.title, 'Senegal commitment');
	assert.equal(still.status, 'planned');
	const audit = await admin.api('GET', `/admin/audit?object_type=commitment&object_id=${c.id}`);
	assert.equal(audit.status, 200, audit.text);
	const actions = audit.json.entries.map((e) => e.action);
	assert.ok(actions.includes('denied:commitment.edit'), actions.join(', '));
	assert.ok(actions.includes('denied:progress.add'), actions.join(', '));
	assert.ok(actions.includes('commitment.create'), 'the write itself is audited');
});

test('partners: a pending one cannot create; an editor cannot edit another partner\'s', async () => {
	const { admin } = await cast();
	const reviewer = (await signedIn(srv, { role: 'reviewer' })).client;
	async function accredited(name) {
		const p = await registerPartner(srv, { org_name: name });
		const id = await actorId(srv, name, 'requested');
		const token = csrfFrom((await reviewer.get('/admin')).text);
		const d = await reviewer.request(`/admin/actors/${id}/decision`, {
			method: 'POST', form: { csrf_token: token, decision: 'accredit' },
		});
		assert.equal(d.status, 303, d.text.slice(0, 300));
		const client = new Client(srv);
		assert.equal((await client.signIn(p.email, p.password)).status, 303);
		return { client, id, api: apiAs(srv, await tokenOf(client)) };
	}
	const a = await accredited('Alpha Migrants Association');
	const b = await accredited('Beta Diaspora Network');
	const made = await a.api('POST', '/commitments', valid({
		title: 'Alpha pledge', level: 'international', countries: [], form: 'technical_assistance',
	}));
	assert.equal(made.status, 201, made.text);
	const c = made.json.commitment;
	assert.equal(c.owner.id, a.id);
	assert.equal((await b.api('POST', c.url + '/edit', valid({ title: 'Beta was here' }))).status, 403);
	assert.equal((await b.client.get(c.url + '/edit')).status, 403);
	assert.equal((await a.client.get(c.url + '/edit')).status, 200);

	const pending = await registerPartner(srv, { org_name: 'Gamma Pending Org' });
	const pc = new Client(srv);
	assert.equal((await pc.signIn(pending.email, pending.password)).status, 303);
	assert.equal((await pc.get('/commitments/new')).status, 403);
	const token = csrfFrom((await pc.get('/account')).text);
	const tried = await pc.request('/commitments/new', {
		method: 'POST', form: [['csrf_token', token], ...formFields()],
	});
	assert.equal(tried.status, 403);
	const reviewerTry = await admin.api('GET', '/commitments?limit=100');
	assert.ok(!reviewerTry.json.commitments.some((x) => x.owner.name === 'Gamma Pending Org'));
	assert.equal((await reviewer.get('/commitments/new')).status, 403, 'reviewers record none');
});

test('anonymous visitors read but cannot write', async () => {
	const anon = new Client(srv);
	const r = await anon.get('/commitments/new');
	assert.equal(r.status, 303);
	assert.match(r.headers.get('location'), /^\/account\/login\?next=/);
	const api = await anon.request('/api/v1/commitments', { method: 'POST', json: valid() });
	assert.equal(api.status, 401);
	assert.equal((await anon.get('/commitments/999999')).status, 404);
	assert.equal((await anon.get('/commitments/007')).status, 404);
	assert.equal((await anon.get('/commitments/abc')).status, 404);
});
