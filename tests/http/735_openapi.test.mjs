// 735_openapi — the API described: /api/v1/openapi.json is OpenAPI 3.1,
// built from the route table (every /api/v1 route in it, none that is not),
// passes Redocly CLI's lint (redocly.yaml), and matches what the server
// answers (lib.mjs validates every JSON answer of the HTTP suite against
// it). The /api page explains it in the reader's language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useServer, Client, ROOT, pageText, validateApiAnswer } from './lib.mjs';

const srv = useServer();

test('the description is OpenAPI 3.1 and passes Redocly lint', async () => {
	const r = await new Client(srv).get('/api/v1/openapi.json');
	assert.equal(r.status, 200);
	assert.equal(r.json.openapi, '3.1.0');
	assert.equal(r.headers.get('access-control-allow-origin'), '*');
	const dir = mkdtempSync(path.join(os.tmpdir(), 'pacte-openapi-'));
	try {
		const file = path.join(dir, 'openapi.json');
		writeFileSync(file, r.text);
		const out = execFileSync(path.join(ROOT, 'node_modules/.bin/redocly'),
			['lint', '--config', path.join(ROOT, 'redocly.yaml'), '--format', 'stylish', file],
			{ encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
		assert.doesNotMatch(out, /error/i, out);
	} catch (e) {
		assert.fail(`redocly lint failed:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	// Not a page of the site.
	assert.equal((await new Client(srv).get('/openapi.json')).status, 404);
});

test('every path is a route of the server, with the methods it answers', async () => {
	const doc = (await new Client(srv).get('/api/v1/openapi.json')).json;
	const paths = Object.keys(doc.paths);
	for (const p of ['/commitments', '/commitments/{id}', '/changes', '/account/tokens', '/openapi.json', '/api'])
		assert.ok(paths.includes(p), p);
	assert.ok(!paths.includes('/static/{name}'));
	assert.ok(!paths.includes('/metrics'));
	assert.ok(doc.paths['/commitments/{id}'].patch, 'PATCH described');
	// A method the description names is one the route answers, and no other.
	for (const [p, item] of Object.entries(doc.paths)) {
		if (p.includes('{'))
			continue;
		const r = await new Client(srv).request('/api/v1' + p, { method: 'DELETE' });
		assert.ok(r.status === 405 || r.status === 404 || r.status === 401 || r.status === 403, `${p}: ${r.status}`);
		assert.ok(!item.delete, `${p} describes no DELETE`);
	}
});

test('answers the description does not allow are caught (the suite\'s check works)', async () => {
	await assert.rejects(validateApiAnswer(srv.base, 'GET', '/api/v1/commitments', 200,
		'application/json', { commitments: 'not a list' }), /does not match/);
	await assert.rejects(validateApiAnswer(srv.base, 'GET', '/api/v1/nowhere', 404,
		'application/problem+json', { title: 'x' }), /does not match/);
	await validateApiAnswer(srv.base, 'GET', '/api/v1/changes', 200, 'application/json', {
		changes: [], count: 0, since: '0', next_cursor: '0', last_cursor: '0', more: false, next: null,
	});
});

test('the /api page explains the API, with curl examples, in English and French', async () => {
	const en = await new Client(srv).get('/api');
	assert.equal(en.status, 200);
	assert.match(en.text, /curl https:\/\/SITE\/api\/v1\/changes\?since=0/);
	assert.match(en.text, /href="\/api\/v1\/openapi.json"/);
	const fr = await new Client(srv).get('/api?lang=fr');
	assert.match(pageText(fr.text), /Chaque page de Pacte a son équivalent JSON/);
});
