// 820_reviews — review cycles, voluntary reviews, written inputs and
// assessments over HTTP: an administrator opens a cycle's window; a focal
// point drafts, writes and submits the state's review, whose hash is shown
// and verifies, and which a later change to the commitment leaves as it
// was; another state's focal point is refused; a partner's written input
// goes through moderation and is then listed on the review; a reviewer
// assesses the commitment (never their own actor's) and it shows beside
// the self-reported status; the feed and the country report answer; every
// new page is valid HTML (vnu).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { useServer, Client, person, registerPartner, actorId, runPacte, dbArgs,
	assertCleanExit, vnuErrors } from './lib.mjs';

const srv = useServer();
const CYCLE = 'imrf-2030';

const commitment = (extra = {}) => ({
	title: 'Open twelve desks for migrants', lang: 'en', objectives: [3],
	level: 'national', countries: ['MAR'], deliverables: ['Twelve desks'],
	target_date: '2029-12-31', status: 'in_progress', kind: 'individual', form: 'policy', ...extra,
});

const who = {};
async function cast() {
	if (who.mar)
		return who;
	who.admin = await person(srv, 'admin');
	who.mar = await person(srv, 'focal_point', 'MAR');
	who.sen = await person(srv, 'focal_point', 'SEN');
	who.rev = await person(srv, 'reviewer');
	const org = await registerPartner(srv);
	const id = await actorId(srv, org.name, 'requested');
	assertCleanExit(await runPacte(['actor', 'decide', String(id), 'accredit', ...dbArgs(srv.dir)]),
		'accredit the partner');
	who.ngo = await person(srv, 'editor', id);
	// The window of the 2030 cycle opens today (its dates are data).
	const today = new Date().toISOString().slice(0, 10);
	const r = await who.admin.api('POST', `/reviews/${CYCLE}/edit`, {
		period_start: '2026-05-09', period_end: '2030-04-30', opens: today, closes: '2030-04-15',
	});
	assert.equal(r.status, 200, r.text);
	return who;
}

test('a review is drafted, frozen with its hash, superseded; a live change leaves it as it was', async () => {
	const { mar, sen } = await cast();
	const cycles = (await new Client(srv).get('/api/v1/reviews')).json.cycles;
	assert.ok(cycles.find((c) => c.id === CYCLE && c.open), 'the 2030 cycle is open');
	const c = await mar.api('POST', '/commitments', commitment());
	assert.equal(c.status, 201, c.text);

	assert.equal((await sen.api('POST', `/reviews/${CYCLE}/MAR`)).status, 403);
	const draft = await mar.api('POST', `/reviews/${CYCLE}/MAR`);
	assert.equal(draft.status, 200, draft.text);
	assert.equal(draft.json.review.status, 'draft');
	const v = draft.json.review.stable_url;
	assert.equal(v, `/reviews/${CYCLE}/MAR/v/1`);
	assert.equal((await new Client(srv).get(`/api/v1/reviews/${CYCLE}/MAR`)).status, 404,
		'a draft is its preparers\' only');
	const draftPage = await mar.client.get(`/reviews/${CYCLE}/MAR`);
	assert.equal(draftPage.status, 200);
	assert.ok(draftPage.text.includes('name="narrative_23"'), 'the draft\'s form, every objective');
	assert.deepEqual(await vnuErrors([{ name: 'draft', html: draftPage.text }]), []);

	const bad = await mar.api('POST', `${v}/edit`, { narratives: { 99: 'x' } });
	assert.equal(bad.status, 422);
	assert.deepEqual(bad.json.errors.map((e) => e.field), ['narratives']);
	const saved = await mar.api('POST', `${v}/edit`, {
		summary: 'Twelve desks opened.', links: ['https://example.org/vr'],
		narratives: { 3: 'Information at every desk.' },
	});
	assert.equal(saved.status, 200, saved.text);
	const sub = await mar.api('POST', `${v}/submit`);
	assert.equal(sub.status, 200, sub.text);
	const r = sub.json.review;
	assert.equal(r.status, 'submitted');
	assert.match(r.hash, /^[0-9a-f]{64}$/);
	assert.equal(r.hash_verified, true);
	const o3 = r.objectives.find((o) => o.number === 3);
	assert.equal(o3.narrative, 'Information at every desk.');
	assert.equal(o3.commitments[0].title, 'Open twelve desks for migrants');
	assert.equal((await mar.api('POST', `${v}/edit`, { summary: 'Changed' })).status, 409,
		'a submitted review is never edited');

	// The live commitment changes; the review does not, and its hash holds.
	assert.equal((await mar.api('PATCH', c.json.url, { title: 'Renamed desks' })).status, 200);
	const page = await new Client(srv).get(`/api/v1/reviews/${CYCLE}/MAR`);
	assert.equal(page.status, 200);
	assert.equal(page.json.review.hash, r.hash);
	assert.equal(page.json.review.objectives.find((o) => o.number === 3).commitments[0].title,
		'Open twelve desks for migrants');
	assert.equal(page.json.review.hash_verified, true);
	// The page shows the hash; the export carries the bytes it is the hash of.
	const html = await new Client(srv).get(`/reviews/${CYCLE}/MAR`);
	assert.ok(html.text.includes(r.hash), 'the hash is on the page');

	// Superseded: version 2, the first still at its own address.
	const next = await mar.api('POST', `/reviews/${CYCLE}/MAR`);
	assert.equal(next.json.review.version, 2);
	assert.equal((await mar.api('POST', `/reviews/${CYCLE}/MAR/v/2/submit`)).status, 200);
	const latest = await new Client(srv).get(`/api/v1/reviews/${CYCLE}/MAR`);
	assert.equal(latest.json.review.version, 2);
	assert.equal(latest.json.review.objectives.find((o) => o.number === 3).commitments[0].title,
		'Renamed desks');
	const first = await new Client(srv).get(`/api/v1${v}`);
	assert.equal(first.json.review.hash, r.hash);
	const cmp = await new Client(srv).get(`/api/v1${v}/compare`);
	assert.equal(cmp.status, 200, cmp.text);
	assert.equal(cmp.json.previous, null);
	assert.equal(cmp.json.objectives[0].added.length, 1);

	// The open-data export holds the frozen bytes; their SHA-256 is the hash.
	const out = `${srv.dir}/export`;
	assertCleanExit(await runPacte(['export', ...dbArgs(srv.dir), '--out', out]), 'pacte export');
	const { readFile } = await import('node:fs/promises');
	const rows = (await readFile(`${out}/voluntary_review.jsonl`, 'utf8')).trim().split('\n')
		.map((l) => JSON.parse(l));
	const row = rows.find((x) => x.hash === r.hash);
	assert.ok(row, 'the submitted review is in the export');
	assert.equal(createHash('sha256').update(row.content, 'utf8').digest('hex'), r.hash);
});

test('a written input is moderated; a declined one needs a reason and stays unpublished', async () => {
	const { mar, ngo, rev } = await cast();
	const input = { about: 'review', iso3: 'MAR', title: 'Our account', body: 'Desks opened late.' };
	assert.equal((await mar.api('POST', `/reviews/${CYCLE}/inputs`, input)).status, 403);
	const made = await ngo.api('POST', `/reviews/${CYCLE}/inputs`, input);
	assert.equal(made.status, 200, made.text);
	const anon = new Client(srv);
	assert.equal((await anon.get(`/api/v1/reviews/${CYCLE}/inputs`)).json.inputs.length, 0);
	const pending = (await rev.api('GET', `/reviews/${CYCLE}/inputs`)).json.inputs;
	assert.equal(pending.length, 1);
	const id = pending[0].id;
	assert.equal((await ngo.api('POST', `/review-inputs/${id}/decide`, { decision: 'accept' })).status, 403);
	const noReason = await rev.api('POST', `/review-inputs/${id}/decide`, { decision: 'decline' });
	assert.equal(noReason.status, 422);
	assert.deepEqual(noReason.json.errors.map((e) => e.field), ['reason']);
	assert.equal((await rev.api('POST', `/review-inputs/${id}/decide`, { decision: 'accept' })).status, 200);
	assert.equal((await rev.api('POST', `/review-inputs/${id}/decide`, { decision: 'accept' })).status, 409);
	assert.equal((await anon.get(`/api/v1/reviews/${CYCLE}/inputs`)).json.inputs.length, 1);
	const review = await anon.get(`/api/v1/reviews/${CYCLE}/MAR`);
	assert.ok(review.json.inputs.some((i) => i.title === 'Our account'), 'listed on the review');
});

test('a reviewer assesses a commitment beside its self-reported status; feed, report, valid HTML', async () => {
	const { mar, rev, ngo } = await cast();
	const c = (await mar.api('POST', '/commitments', commitment({ title: 'Assessed one' }))).json;
	const own = (await ngo.api('POST', '/commitments', commitment({ title: 'Partner one', countries: ['MAR'] }))).json;
	const a = { verifiable: true, relevance: 'relevant', completion: 'limited',
		narrative: 'Four desks of twelve.', links: ['https://example.org/evidence'] };
	assert.equal((await mar.api('POST', `${c.url}/assessments`, a)).status, 403);
	const bad = await rev.api('POST', `${c.url}/assessments`, { ...a, completion: 'almost' });
	assert.equal(bad.status, 422);
	const made = await rev.api('POST', `${c.url}/assessments`, a);
	assert.equal(made.status, 201, made.text);
	const shown = made.json.assessment.assessments[0];
	assert.equal(shown.completion, 'limited');
	assert.equal(shown.open, true);
	assert.equal(made.json.commitment.status, 'in_progress', 'the self-reported status beside it');
	const comment = await mar.api('POST', `/assessments/${shown.id}/comments`, { body: 'Six now.' });
	assert.equal(comment.status, 200, comment.text);
	const fin = await rev.api('POST', `/assessments/${shown.id}/finalise`, { response: 'Noted.' });
	assert.equal(fin.status, 422, 'not while the comment period is open');
	assert.ok(own.id);

	const feed = await new Client(srv).get('/feeds/reviews.atom');
	assert.equal(feed.status, 200);
	assert.match(feed.headers.get('content-type'), /atom/);
	assert.ok(feed.text.includes('Assessed one'));
	// The state in the reader's language (issue 17: no English name on a
	// French page or feed).
	const fr = await new Client(srv).get('/feeds/reviews.atom?lang=fr');
	assert.match(fr.text, /Maroc/);
	assert.doesNotMatch(fr.text, /Morocco/);

	const report = await new Client(srv).get('/api/v1/countries/MAR/report');
	assert.equal(report.status, 200, report.text);
	assert.ok(report.json.report.commitments.some((x) => x.title === 'Assessed one'));
	assert.equal(report.json.report.reviews.length, 1);
	assert.equal((await new Client(srv).get('/countries/XXX/report')).status, 404);
	const country = (await new Client(srv).get('/api/v1/countries/MAR')).json;
	assert.equal(country.review_section.reviews.length, 1, 'the country page lists its review');
	assert.ok(country.review_section.assessments.commitments >= 1);

	const pages = [];
	for (const p of ['/reviews', `/reviews/${CYCLE}`, `/reviews/${CYCLE}/inputs`,
		`/reviews/${CYCLE}/MAR`, `/reviews/${CYCLE}/MAR/v/1/compare`, c.url, '/countries/MAR/report',
		'/countries/MAR',
		'/reviews?lang=fr', '/countries/MAR/report?lang=fr']) {
		const r = await new Client(srv).get(p);
		assert.equal(r.status, 200, `${p}: ${r.text.slice(0, 300)}`);
		pages.push({ name: p, html: r.text });
	}
	for (const [p, cl] of [[`/reviews/${CYCLE}/inputs`, rev.client], [c.url, rev.client],
		[`/reviews/${CYCLE}`, who.admin.client]])
		pages.push({ name: `${p} (signed in)`, html: (await cl.get(p)).text });
	assert.deepEqual(await vnuErrors(pages), []);
});
