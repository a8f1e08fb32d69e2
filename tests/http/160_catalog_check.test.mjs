// 160_catalog_check — scripts/po-check, the catalog check make check runs (through
// scripts/lint), on small trees of its own: it fails on a stale msgid, on a placeholder
// that differs from the English ({name}, {{name}}, printf), on a plural entry with the
// wrong number of forms for its language (data/locales.json), and --update writes plural
// entries with as many msgstr[N] as the language has. No server: the check is a script.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PO_CHECK = path.join(ROOT, 'scripts/po-check');

const header = (lang, plural) => `msgid ""
msgstr ""
"Language: ${lang}\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: ${plural}\\n"
`;
const RU = 'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);';

// A tree with one template and one C file, and the given catalogs.
function tree(catalogs) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'po-check-'));
	fs.mkdirSync(path.join(dir, 'templates'));
	fs.mkdirSync(path.join(dir, 'src'));
	fs.mkdirSync(path.join(dir, 'po'));
	fs.mkdirSync(path.join(dir, 'data'));
	fs.copyFileSync(path.join(ROOT, 'data/locales.json'), path.join(dir, 'data/locales.json'));
	fs.writeFileSync(path.join(dir, 'templates/page.html'),
		'<p>{{_ At most {max} characters.}}</p><p>{{_n count|{n} commitment|{n} commitments}}</p>\n');
	fs.writeFileSync(path.join(dir, 'src/x.c'),
		'const char *f(const char *l, long n) { return tr_n(l, "{n} day", "{n} days", n); }\n' +
		'static const char *m = NC_("month", "May");\n');
	for (const [name, text] of Object.entries(catalogs))
		fs.writeFileSync(path.join(dir, 'po', name), text);
	return dir;
}

function check(dir, ...args) {
	const r = spawnSync('node', [PO_CHECK, '--root', dir, ...args], { encoding: 'utf8' });
	return { status: r.status, out: r.stdout + r.stderr };
}

const FR_OK = header('fr', 'nplurals=2; plural=(n > 1);') + `
msgid "At most {max} characters."
msgstr "Au plus {max} caractères."

msgid "{n} commitment"
msgid_plural "{n} commitments"
msgstr[0] "{n} engagement"
msgstr[1] "{n} engagements"

msgid "{n} day"
msgid_plural "{n} days"
msgstr[0] "{n} jour"
msgstr[1] "{n} jours"

msgctxt "month"
msgid "May"
msgstr "mai"
`;

test('a complete catalog passes; a stale msgid and a changed placeholder fail', () => {
	const dir = tree({ 'fr.po': FR_OK });
	try {
		let r = check(dir);
		assert.equal(r.status, 0, r.out);

		fs.writeFileSync(path.join(dir, 'po/fr.po'), FR_OK.replace('{max} caractères', '{min} caractères') +
			'\nmsgid "Old text"\nmsgstr "Ancien texte"\n');
		r = check(dir);
		assert.equal(r.status, 1);
		assert.match(r.out, /po\/fr\.po:\d+: unused msgid "Old text"/);
		assert.match(r.out, /placeholders \{min\} in the translation, \{max\} in the msgid/);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('plural entries: as many forms as the language has, and --update writes them', () => {
	const ru = header('ru', RU) + `
msgid "At most {max} characters."
msgstr "Не более {max} символов."

msgid "{n} commitment"
msgid_plural "{n} commitments"
msgstr[0] "{n} обязательство"
msgstr[1] "{n} обязательства"

msgctxt "month"
msgid "May"
msgstr "мая"
`;
	const dir = tree({ 'ru.po': ru });
	try {
		let r = check(dir);
		assert.equal(r.status, 1);
		assert.match(r.out, /2 plural forms: ru has 3 \(data\/locales\.json\)/);
		assert.match(r.out, /missing msgid "\{n\} day"/);

		// --update adds the missing plural with three empty forms.
		const u = spawnSync('node', [PO_CHECK, '--update', '--root', dir], { encoding: 'utf8' });
		assert.equal(u.status, 0, u.stderr);
		const text = fs.readFileSync(path.join(dir, 'po/ru.po'), 'utf8');
		assert.match(text, /msgid "\{n\} day"\nmsgid_plural "\{n\} days"\nmsgstr\[0\] ""\nmsgstr\[1\] ""\nmsgstr\[2\] ""\n/);

		// A header whose nplurals is not the language's is refused.
		fs.writeFileSync(path.join(dir, 'po/ru.po'), text.replace('nplurals=3', 'nplurals=2'));
		r = check(dir);
		assert.match(r.out, /header Plural-Forms must say nplurals=3/);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('a form for one number may leave {n} out; other forms may not', () => {
	const ar = header('ar', 'nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);') + `
msgid "At most {max} characters."
msgstr "{max} حرفًا على الأكثر."

msgid "{n} commitment"
msgid_plural "{n} commitments"
msgstr[0] "لا التزامات"
msgstr[1] "التزام واحد"
msgstr[2] "التزامان"
msgstr[3] "{n} التزامات"
msgstr[4] "{n} التزامًا"
msgstr[5] "{n} التزام"

msgid "{n} day"
msgid_plural "{n} days"
msgstr[0] "لا أيام"
msgstr[1] "يوم واحد"
msgstr[2] "يومان"
msgstr[3] "أيام"
msgstr[4] "{n} يومًا"
msgstr[5] "{n} يوم"

msgctxt "month"
msgid "May"
msgstr "مايو"
`;
	const dir = tree({ 'ar.po': ar });
	try {
		const r = check(dir);
		assert.equal(r.status, 1);
		const lines = r.out.split('\n').filter((l) => /placeholders/.test(l));
		assert.equal(lines.length, 1, r.out);
		assert.match(lines[0], /\(none\) in msgstr\[3\], \{n\} in the msgid for msgid "\{n\} day"/);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});
