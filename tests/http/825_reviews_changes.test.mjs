// 825_reviews_changes — the review cycles' records in the change feed
// (/api/v1/changes): a voluntary review appears when it is submitted (never
// as a draft), a written input when it is accepted (never while pending,
// never when declined), an assessment from its draft published for comment
// on, and again when it changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, person, registerPartner, actorId, runPacte, dbArgs,
	assertCleanExit } from './lib.mjs';
import { CYCLE, openCycle, marCommitment } from './reviews.mjs';

const srv = useServer();

// Every entry of the feed after cursor `since`, of the review cycles' kinds.
async function feed(since = 0) {
	const out = [];
	let cursor = since;
	for (;;) {
		const r = await new Client(srv).get(`/api/v1/changes?since=${cursor}&limit=500`);
		assert.equal(r.status, 200, r.text);
		out.push(...r.json.changes);
		cursor = r.json.next_cursor;
		if (!r.json.more)
			break;
	}
	return out.filter((e) => ['review', 'review_input', 'assessment'].includes(e.kind));
}

test('submitted reviews, accepted inputs and assessments are in the change feed; drafts and pending ones are not', async () => {
	const { mar } = await openCycle(srv);
	const rev = await person(srv, 'reviewer');
	const org = await registerPartner(srv);
	const id = await actorId(srv, org.name, 'requested');
	assertCleanExit(await runPacte(['actor', 'decide', String(id), 'accredit', ...dbArgs(srv.dir)]),
		'accredit the partner');
	const ngo = await person(srv, 'editor', id);
	const c = await marCommitment(mar, 'Desks in the feed');

	// A draft review: not in the feed.
	const draft = await mar.api('POST', `/reviews/${CYCLE}/MAR`);
	assert.equal(draft.status, 200, draft.text);
	const v = draft.json.review.stable_url;
	assert.equal((await mar.api('POST', `${v}/edit`, { summary: 'Desks everywhere.' })).status, 200);
	assert.deepEqual(await feed(), [], 'a draft is not in the feed');
	const sub = await mar.api('POST', `${v}/submit`);
	assert.equal(sub.status, 200, sub.text);
	let entries = await feed();
	assert.equal(entries.length, 1);
	const review = entries[0];
	assert.equal(review.kind, 'review');
	assert.equal(review.op, 'created');
	assert.equal(review.url, v, 'the version\'s stable address');
	assert.equal(review.content.hash, sub.json.review.hash);
	assert.equal(review.content.summary, 'Desks everywhere.');
	assert.equal(review.content.country.iso3, 'MAR');
	assert.equal(review.content.cycle.id, CYCLE);
	const afterReview = Number(review.cursor);

	// Written inputs: pending and declined ones stay out; an accepted one is in.
	const input = (title) => ({ about: 'review', iso3: 'MAR', title, body: 'Our account.' });
	assert.equal((await ngo.api('POST', `/reviews/${CYCLE}/inputs`, input('Kept'))).status, 200);
	assert.equal((await ngo.api('POST', `/reviews/${CYCLE}/inputs`, input('Turned down'))).status, 200);
	assert.deepEqual(await feed(afterReview), [], 'pending inputs are not in the feed');
	const pending = (await rev.api('GET', `/reviews/${CYCLE}/inputs`)).json.inputs;
	const kept = pending.find((i) => i.title === 'Kept').id;
	const declined = pending.find((i) => i.title === 'Turned down').id;
	assert.equal((await rev.api('POST', `/review-inputs/${declined}/decide`,
		{ decision: 'decline', reason: 'Off topic.' })).status, 200);
	assert.deepEqual(await feed(afterReview), [], 'a declined input is not in the feed');
	assert.equal((await rev.api('POST', `/review-inputs/${kept}/decide`,
		{ decision: 'accept' })).status, 200);
	entries = await feed(afterReview);
	assert.equal(entries.length, 1);
	assert.equal(entries[0].kind, 'review_input');
	assert.equal(entries[0].id, kept);
	assert.equal(entries[0].content.title, 'Kept');
	assert.equal(entries[0].url, `/reviews/${CYCLE}/inputs#input-${kept}`);
	const afterInput = Number(entries[0].cursor);

	// An assessment: public from its draft published for comment.
	const made = await rev.api('POST', `${c.json.url}/assessments`, {
		verifiable: true, relevance: 'relevant', completion: 'limited', narrative: 'Some desks.',
	});
	assert.equal(made.status, 201, made.text);
	const aid = made.json.assessment.assessments[0].id;
	entries = await feed(afterInput);
	assert.equal(entries.length, 1);
	assert.equal(entries[0].kind, 'assessment');
	assert.equal(entries[0].id, aid);
	assert.equal(entries[0].content.completion, 'limited');
	assert.equal(entries[0].content.status, 'comment');
	assert.equal(entries[0].url, `${c.json.url}#assessment-${aid}`);

	// Each record once, at its latest change, in French too.
	const all = await feed();
	assert.deepEqual(all.map((e) => e.kind), ['review', 'review_input', 'assessment']);
	const fr = await new Client(srv).get(`/api/v1/changes?since=${afterInput}&lang=fr`);
	const a = fr.json.changes.find((e) => e.kind === 'assessment');
	assert.equal(a.content.completion_label, 'Limité');
});
