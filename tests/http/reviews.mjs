// reviews.mjs — what the review tests (825–829) share: the 2030 cycle's
// window opened today by an administrator, Morocco's focal point, and a
// commitment of Morocco's on objective 3 for its review to hold.
import assert from 'node:assert/strict';
import { person } from './lib.mjs';

export const CYCLE = 'imrf-2030';

// Opens CYCLE's window from today; returns {admin, mar, today}.
export async function openCycle(srv) {
	const admin = await person(srv, 'admin');
	const mar = await person(srv, 'focal_point', 'MAR');
	const today = new Date().toISOString().slice(0, 10);
	const r = await admin.api('POST', `/reviews/${CYCLE}/edit`, {
		period_start: '2026-05-09', period_end: '2030-04-30', opens: today, closes: '2030-04-15',
	});
	assert.equal(r.status, 200, r.text);
	return { admin, mar, today };
}

// A commitment of Morocco's state on objective 3, titled title: the answer.
export async function marCommitment(mar, title) {
	const c = await mar.api('POST', '/commitments', {
		title, lang: 'en', objectives: [3], level: 'national', countries: ['MAR'],
		deliverables: ['Desks'], target_date: '2029-12-31', status: 'in_progress',
		kind: 'individual', form: 'policy',
	});
	assert.equal(c.status, 201, c.text);
	return c;
}
