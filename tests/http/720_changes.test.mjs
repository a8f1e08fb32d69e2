// 720_changes — the change feed, /api/v1/changes: every public record
// created, changed or withdrawn, in commit order, a page at a time after a
// cursor; each record once, at its latest change; nothing that is not
// public (a partner awaiting accreditation, an account); every bad cursor
// a 400 problem naming `since`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
	useServer, Client, getJSON, person, registerPartner, actorId, runPacte, dbArgs,
	assertCleanExit,
} from './lib.mjs';

const srv = useServer();

const commitment = (extra = {}) => ({
	title: 'Open 4 legal aid desks for migrant workers',
	lang: 'en', objectives: [6], level: 'national', countries: ['MAR'],
	deliverables: ['4 desks open'], status: 'planned', kind: 'individual', form: 'process',
	...extra,
});

// Every entry of the feed after `since`, following `next` links, pages of
// `limit`.
async function readAll(since = '0', limit = 500) {
	const out = [];
	let url = `/api/v1/changes?since=${since}&limit=${limit}`;
	let last;
	for (let pages = 0; url; pages++) {
		assert.ok(pages < 1000, 'the feed ends');
		const r = await getJSON(srv.base, url);
		assert.equal(r.status, 200, r.text.slice(0, 300));
		out.push(...r.json.changes);
		last = r.json;
		url = r.json.next;
		if (url)
			assert.match(url, /^\/api\/v1\/changes\?since=\d+&limit=\d+$/);
	}
	return { entries: out, end: last.next_cursor, last };
}

test('the feed starts with the public actors, in order, each once', async () => {
	const { entries, end, last } = await readAll();
	assert.ok(entries.length > 150, 'the states are public from the start');
	assert.equal(last.more, false);
	assert.equal(end, last.last_cursor);
	const cursors = entries.map((e) => Number(e.cursor));
	assert.deepEqual(cursors, [...cursors].sort((a, b) => a - b), 'commit order');
	const keys = new Set(entries.map((e) => `${e.kind}/${e.id}`));
	assert.equal(keys.size, entries.length, 'each record once');
	const mar = entries.find((e) => e.kind === 'actor' && e.content?.name === 'Morocco');
	assert.ok(mar, 'Morocco is in the feed');
	assert.equal(mar.op, 'created');
	assert.equal(mar.url, `/actors/${mar.id}`);
	// Pages of 7 give the same entries as one page.
	const paged = await readAll('0', 7);
	assert.deepEqual(paged.entries.map((e) => e.cursor), entries.map((e) => e.cursor));
});

test('a commitment created, edited and reported on comes once, at its latest change', async () => {
	const mar = await person(srv, 'focal_point', 'MAR');
	const before = (await readAll()).end;
	const made = await mar.api('POST', '/commitments', commitment());
	assert.equal(made.status, 201, made.text);
	const c = made.json.commitment;

	let news = (await readAll(before)).entries;
	assert.equal(news.length, 1);
	assert.equal(news[0].kind, 'commitment');
	assert.equal(news[0].id, c.id);
	assert.equal(news[0].op, 'created');
	assert.equal(news[0].url, `/commitments/${c.id}`);
	assert.equal(news[0].content.title, c.title);
	const afterCreate = news[0].cursor;

	const edited = await mar.api('POST', `/commitments/${c.id}/edit`,
		commitment({ title: 'Open 5 legal aid desks for migrant workers' }));
	assert.equal(edited.status, 200, edited.text);
	news = (await readAll(afterCreate)).entries;
	assert.equal(news.length, 1);
	assert.equal(news[0].op, 'changed', 'known to a reader at that cursor: changed');
	assert.equal(news[0].content.title, 'Open 5 legal aid desks for migrant workers');
	assert.ok(Number(news[0].cursor) > Number(afterCreate));
	// Read from before its creation, it is still new.
	news = (await readAll(before)).entries;
	assert.equal(news.length, 1);
	assert.equal(news[0].op, 'created');

	const up = await mar.api('POST', `/commitments/${c.id}/progress`,
		{ reported_at: '2025-01-15', status: 'in_progress', narrative: 'Two desks open.' });
	assert.equal(up.status, 201, up.text);
	news = (await readAll(before)).entries;
	assert.deepEqual(news.map((e) => e.kind).sort(), ['commitment', 'progress_update']);
	const u = news.find((e) => e.kind === 'progress_update');
	assert.equal(u.id, up.json.id);
	assert.equal(u.op, 'created');
	assert.equal(u.content.status, 'in_progress');
	assert.equal(u.content.commitment.id, c.id);
	assert.match(u.url, new RegExp(`^/commitments/${c.id}#update-${u.id}$`));
	const cm = news.find((e) => e.kind === 'commitment');
	assert.equal(cm.content.status, 'in_progress', 'the commitment as it is now');
	const whole = (await readAll()).entries;
	assert.equal(whole.filter((e) => e.kind === 'commitment' && e.id === c.id).length, 1);
});

test('a partner awaiting accreditation is not in the feed; accredited, it is', async () => {
	const before = (await readAll()).end;
	const p = await registerPartner(srv);
	const after = await readAll(before);
	assert.equal(after.entries.length, 0, JSON.stringify(after.entries).slice(0, 300));
	assert.ok(!JSON.stringify((await readAll()).entries).includes(p.email), 'no e-mail anywhere');
	const id = await actorId(srv, p.name, 'requested');
	assertCleanExit(await runPacte(['actor', 'decide', String(id), 'accredit', ...dbArgs(srv.dir)]),
		'pacte actor decide');
	const news = (await readAll(before)).entries;
	assert.equal(news.length, 1);
	assert.equal(news[0].kind, 'actor');
	assert.equal(news[0].id, id);
	assert.equal(news[0].content.name, p.name);
	assert.ok(!JSON.stringify(news[0]).includes(p.email));
	assertCleanExit(await runPacte(['actor', 'decide', String(id), 'suspend', ...dbArgs(srv.dir)]),
		'pacte actor decide suspend');
	const again = (await readAll(news[0].cursor)).entries;
	assert.equal(again.length, 1, 'a suspension is news too');
	assert.equal(again[0].op, 'changed');
});

test('bad cursors and limits: 400 problems naming the parameter, nothing else', async () => {
	const end = Number((await readAll()).end);
	const cases = [
		['since=abc', 'since'], ['since=-1', 'since'], ['since=1.5', 'since'],
		['since=99999999999999999999999', 'since'], [`since=${end + 1}`, 'since'],
		[`since=${end + 1000000}`, 'since'], ['limit=0', 'limit'], ['limit=501', 'limit'],
		['limit=x', 'limit'],
	];
	for (const [q, field] of cases) {
		const r = await getJSON(srv.base, `/api/v1/changes?${q}`);
		assert.equal(r.status, 400, `${q}: ${r.text.slice(0, 200)}`);
		assert.match(r.headers.get('content-type'), /application\/problem\+json/);
		assert.deepEqual(r.json.errors.map((e) => e.field), [field], q);
		assert.ok(r.json.errors[0].detail.length > 10, 'a sentence says what is expected');
	}
	const future = await getJSON(srv.base, `/api/v1/changes?since=${end + 1}`);
	assert.match(future.json.errors[0].detail, new RegExp(`ends at ${end}`));
	const fr = await getJSON(srv.base, `/api/v1/changes?since=${end + 1}&lang=fr`);
	assert.match(fr.json.errors[0].detail, /fin/);
	// At the end: an empty page, not an error; the cursor stays.
	const atEnd = await getJSON(srv.base, `/api/v1/changes?since=${end}`);
	assert.equal(atEnd.status, 200);
	assert.equal(atEnd.json.count, 0);
	assert.equal(atEnd.json.next_cursor, String(end));
	assert.equal(atEnd.json.next, null);
	// The feed is the API's alone.
	assert.equal((await new Client(srv).get('/changes')).status, 404);
});
