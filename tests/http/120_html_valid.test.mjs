// 120_html_valid — every page, in English and French, and the error pages,
// through the Nu HTML Checker (vnu) in one java run: zero errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { useServer, PAGES, ROOT } from './lib.mjs';

const srv = useServer();

const VNU_JAR = path.join(ROOT, 'node_modules/vnu-jar/build/dist/vnu.jar');
const VNU_MS = 240000;

const CHECKED = [
	...PAGES.map((p) => ({ p, status: 200 })),
	...PAGES.map((p) => ({ p: p + (p.includes('?') ? '&' : '?') + 'lang=fr', status: 200 })),
	{ p: '/nope', status: 404 },
	{ p: '/nope?lang=fr', status: 404 },
	{ p: '/countries?q=%ff', status: 400 },
	{ p: '/countries?q=zzzzqqqq', status: 200 },
];

function vnu(files) {
	return new Promise((resolve, reject) => {
		execFile('java', ['-Xss4m', '-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files],
			{ timeout: VNU_MS, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
				// vnu exits 1 when it found errors; its report is on stderr.
				if (err && err.code !== 1)
					return reject(new Error(`vnu failed (${err.code ?? err.signal}): ${stderr || err.message}`));
				try {
					resolve(JSON.parse(stderr || stdout || '{"messages":[]}'));
				} catch (e) {
					reject(new Error(`vnu output is not JSON (${e.message}): ${stderr.slice(0, 2000)}`));
				}
			});
	});
}

test('every page is valid HTML (vnu, errors only)', { timeout: VNU_MS + 60000 }, async () => {
	assert.ok(existsSync(VNU_JAR), `${VNU_JAR} missing: scripts/install-deps --npm`);
	const dir = await mkdtemp(path.join(os.tmpdir(), 'pacte-vnu-'));
	try {
		const byFile = new Map();
		for (const [i, c] of CHECKED.entries()) {
			const r = await srv.raw(c.p);
			assert.equal(r.status, c.status, `GET ${c.p}`);
			assert.match(r.headers['content-type'], /^text\/html\b/, `GET ${c.p}`);
			const file = path.join(dir, `page-${String(i).padStart(2, '0')}.html`);
			await writeFile(file, r.body);
			byFile.set(file, c.p);
		}
		const report = await vnu([...byFile.keys()]);
		const errors = report.messages.filter((m) => m.type === 'error' || m.subType === 'fatal' ||
			m.type === 'non-document-error');
		const lines = errors.map((m) => {
			const file = m.url ? decodeURIComponent(new URL(m.url).pathname) : '?';
			return `${byFile.get(file) ?? file}:${m.lastLine ?? '?'}: ${m.message}` +
				(m.extract ? `\n    ${m.extract.replace(/\n/g, ' ').trim()}` : '');
		});
		assert.equal(errors.length, 0, `${errors.length} HTML error(s):\n${lines.join('\n')}`);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
});
