// 240_commitments_history — a commitment's page shows its history (from the
// audit trail) to those who may edit or review it, and to nobody else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, signedIn, actorId, tokenOf, apiAs } from './lib.mjs';

const srv = useServer();

test('history on a commitment page: the owner and reviewers see it, the public and other states do not', async () => {
	const mar = await actorId(srv, 'Morocco');
	const mex = await actorId(srv, 'Mexico');
	const owner = await signedIn(srv, { role: 'focal_point', actor: mar });
	const api = apiAs(srv, await tokenOf(owner.client));
	const made = await api('POST', '/commitments', {
		title: 'Publish the yearly migration statistics', lang: 'en', objectives: [1], level: 'national',
		countries: ['MAR'], start_date: '2025-01-01', target_date: '2027-12-31', status: 'planned',
		kind: 'individual', form: 'policy', deliverables: ['A yearly report'],
	});
	assert.equal(made.status, 201, made.text);
	const id = made.json.commitment?.id ?? made.json.id;
	assert.ok(id, made.text);
	const path = `/commitments/${id}`;

	const mine = await owner.client.get(path);
	assert.equal(mine.status, 200);
	assert.match(mine.text, /id="history-h"/, 'the owner sees the history');
	assert.match(mine.text, /commitment\.create/, 'with the creation entry');

	const reviewer = await signedIn(srv, { role: 'reviewer' });
	assert.match((await reviewer.client.get(path)).text, /id="history-h"/, 'a reviewer sees it');

	const other = await signedIn(srv, { role: 'focal_point', actor: mex });
	assert.doesNotMatch((await other.client.get(path)).text, /id="history-h"/, 'another state does not');
	const anon = await new Client(srv).get(path);
	assert.doesNotMatch(anon.text, /id="history-h"/, 'the public does not');
	const json = await new Client(srv).get('/api/v1' + path);
	assert.equal(json.json.history, undefined);
});
