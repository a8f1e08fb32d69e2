// 705_withdrawn_counts — a withdrawn commitment is counted nowhere: not in
// a list or its total (JSON and CSV), not in an objective's, country's,
// region's, actor's or the World's standing, not in the objectives' table,
// not in the Atom feed, not in the search; its page stays, shown withdrawn.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, person, actorId } from './lib.mjs';

const srv = useServer();

const commitment = (title) => ({
	title, lang: 'en', objectives: [21], level: 'national', countries: ['ISL'],
	deliverables: ['A reintegration desk in Reykjavik'], target_date: '2029-12-31',
	status: 'in_progress', kind: 'individual', form: 'policy',
});

// Every count a reader sees of the scopes the commitments are in.
async function counts(mar) {
	const total = async (p) => (await srv.getJSON(p)).json.standing?.total ?? 0;
	const list = async (p) => (await srv.getJSON(`/api/v1${p}`)).json.total;
	const csvRows = async (p) => (await srv.get(p)).text.split('\r\n').filter((l) => l).length - 1;
	const objectives = (await srv.getJSON('/objectives')).json.objectives;
	const o21 = objectives.find((o) => o.number === 21);
	const feed = (await srv.get('/feeds/commitments.atom?country=ISL')).text;
	const search = (await srv.getJSON('/api/v1/search?q=Reykjavik')).json;
	return {
		objective: await total('/objectives/21'),
		country: await total('/countries/ISL'),
		region: await total('/regions/150'),
		world: await total('/regions/001'),
		actor: await total(`/actors/${mar}`),
		objectives_row: o21.commitments?.total ?? 0,
		list_all: await list('/commitments'),
		list_objective: await list('/commitments?objective=21'),
		list_country: await list('/commitments?country=ISL'),
		list_status: await list('/commitments?country=ISL&status=in_progress'),
		list_owner: await list(`/commitments?actor=${mar}`),
		csv_country: await csvRows('/commitments.csv?country=ISL'),
		feed_entries: (feed.match(/<entry>/g) ?? []).length,
		search: search.total ?? search.results?.length,
	};
}

test('a withdrawn commitment leaves every count, list, feed and the search; its page stays', async () => {
	const mar = await person(srv, 'focal_point', 'MAR');
	const marId = await actorId(srv, 'Morocco');
	const kept = await mar.api('POST', '/commitments', commitment('Kept: returnees welcomed'));
	assert.equal(kept.status, 201, kept.text);
	const gone = await mar.api('POST', '/commitments', commitment('Gone: returnees welcomed'));
	assert.equal(gone.status, 201, gone.text);
	const before = await counts(marId);
	for (const [k, v] of Object.entries(before))
		assert.ok(v >= 2 || (k === 'search' && v >= 2), `${k}: ${v} before`);

	const w = await mar.api('POST', `${gone.json.url}/withdraw`, { reason: 'Merged into the kept one.' });
	assert.equal(w.status, 200, w.text);
	const after = await counts(marId);
	for (const k of Object.keys(before))
		assert.equal(after[k], before[k] - 1, `${k}: ${before[k]} before, ${after[k]} after`);

	// Its page stays, shown withdrawn; the list does not offer it.
	const page = await srv.getJSON(gone.json.url);
	assert.equal(page.status, 200);
	assert.equal(page.json.commitment.withdrawn.reason, 'Merged into the kept one.');
	const listed = (await srv.getJSON('/api/v1/commitments?country=ISL')).json.commitments;
	assert.deepEqual(listed.map((c) => c.id), [kept.json.id]);
});
