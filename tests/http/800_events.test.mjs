// 800_events — the Compact's events and the positions states took at them
// (issue 14, items 5-6), against the reference data `pacte init` loads:
// the 2018 General Assembly vote as recorded (152/5/12, the named states),
// every other state "not recorded", the second IMRF marked to be checked,
// each event and position citing its source; a country page shows its
// positions; the JSON twin is the page's model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from './lib.mjs';

const srv = useServer();

const AGAINST = ['CZE', 'HUN', 'ISR', 'POL', 'USA'];
const ABSTAINED = ['AUS', 'AUT', 'BGR', 'CHE', 'CHL', 'DZA', 'ITA', 'LBY', 'LIE', 'LVA', 'ROU',
	'SGP'];

test('the events list holds the adoption, the endorsement, both forums and the regional rounds', async () => {
	const r = await srv.getJSON('/api/v1/events');
	assert.equal(r.status, 200);
	const slugs = r.json.events.map((e) => e.slug);
	for (const s of ['marrakech-2018', 'ga-2018-73-195', 'imrf-2022', 'imrf-2026',
		'regional-2020-africa', 'regional-2024-europe'])
		assert.ok(slugs.includes(s), s);
	assert.equal(r.json.events.filter((e) => e.kind === 'regional_review').length, 10);
	const marrakech = r.json.events.find((e) => e.slug === 'marrakech-2018');
	assert.equal(marrakech.start_date, '2018-12-10');
	assert.equal(marrakech.end_date, '2018-12-11');
	// only the second IMRF rests on one unchecked source
	assert.deepEqual(r.json.events.filter((e) => e.to_be_checked).map((e) => e.slug), ['imrf-2026']);
	const page = await srv.get('/events');
	assert.equal(page.status, 200);
	assert.match(page.text, /href="\/events\/imrf-2026"/);
	assert.match(page.text, /To be checked/);
});

test('the 2018 vote: the recorded totals, the named states, the rest not recorded', async () => {
	const r = await srv.getJSON('/api/v1/events/ga-2018-73-195');
	assert.equal(r.status, 200);
	const e = r.json.event;
	assert.deepEqual(e.recorded_totals, { for: 152, against: 5, abstaining: 12, not_voting: 24 });
	assert.equal(e.source_url, 'https://undocs.org/A/RES/73/195');
	const by = (p) => r.json.positions.filter((x) => x.position === p).map((x) => x.iso3).sort();
	assert.deepEqual(by('against'), AGAINST);
	assert.deepEqual(by('abstained'), ABSTAINED);
	assert.deepEqual(by('in_favour'), [], 'nobody is guessed to have voted in favour');
	for (const p of r.json.positions)
		assert.match(p.source, /73\/195/);
	const count = (p) => r.json.counts.find((c) => c.position === p).count;
	assert.equal(count('against'), 5);
	assert.equal(count('abstained'), 12);
	assert.equal(count('in_favour'), 0);
	assert.equal(r.json.not_recorded, 193 - 17);
	const page = await srv.get('/events/ga-2018-73-195?lang=fr');
	assert.equal(page.status, 200);
	assert.match(page.text, /href="\/countries\/HUN"/);
	assert.match(page.text, /Non enregistré/);
});

test('an event without recorded positions says so; the second IMRF is to be checked', async () => {
	const r = await srv.getJSON('/api/v1/events/imrf-2026');
	assert.equal(r.status, 200);
	assert.equal(r.json.event.to_be_checked, true);
	assert.equal(r.json.event.start_date, '2026-05-05');
	assert.equal(r.json.event.recorded_totals, null);
	assert.deepEqual(r.json.positions, []);
	const page = await srv.get('/events/imrf-2026');
	assert.match(page.text, /still to be checked/);
	assert.equal((await srv.get('/events/no-such-event')).status, 404);
	assert.equal((await srv.getJSON('/api/v1/events/no-such-event')).status, 404);
});

test('a country page shows its positions, "not recorded" where none is', async () => {
	const hun = await srv.getJSON('/api/v1/countries/HUN');
	const vote = hun.json.event_positions.find((p) => p.slug === 'ga-2018-73-195');
	assert.equal(vote.position, 'against');
	// Europe's regional reviews concern Hungary, Africa's do not
	const slugs = hun.json.event_positions.map((p) => p.slug);
	assert.ok(slugs.includes('regional-2024-europe'));
	assert.ok(!slugs.includes('regional-2024-africa'));
	const fra = await srv.getJSON('/api/v1/countries/FRA');
	const fvote = fra.json.event_positions.find((p) => p.slug === 'ga-2018-73-195');
	assert.equal(fvote.position, null);
	assert.equal(fvote.position_label, 'Not recorded');
	const page = await srv.get('/countries/HUN');
	assert.match(page.text, /Positions at the Compact/);
	assert.match(page.text, /Voted against/);
});

test('a state\'s actor page shows its positions too; a partner\'s shows none', async () => {
	const states = (await srv.getJSON('/api/v1/actors?kind=state')).json.actors;
	const hun = states.find((a) => a.country && a.country.iso3 === 'HUN');
	assert.ok(hun, 'Hungary is a state actor');
	const r = await srv.getJSON(`/api/v1/actors/${hun.id}`);
	const vote = r.json.event_positions.find((p) => p.slug === 'ga-2018-73-195');
	assert.equal(vote.position, 'against');
	assert.match((await srv.get(`/actors/${hun.id}?lang=fr`)).text, /Vot[ée] contre|contre/);
	const partners = (await srv.getJSON('/api/v1/actors?kind=partner')).json.actors;
	if (partners.length)
		assert.equal((await srv.getJSON(`/api/v1/actors/${partners[0].id}`)).json.event_positions,
			undefined);
});
