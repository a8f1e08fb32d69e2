// frictionless.mjs — an open-data package checked with the Frictionless
// Data validator of the npm registry: `datapackage` (frictionlessdata's
// datapackage-js, with its tableschema-js). The descriptor is validated
// against the Tabular Data Package profile; every CSV resource is read
// through its Table Schema (each value cast to its type, the constraints
// — required, unique, enum, pattern, minimum, maximum — and the primary
// key checked) with its foreign keys resolved against the resources they
// name. The JSON Lines twins are compared with the CSV row by row (the
// validator reads no JSON Lines).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import datapackage from 'datapackage';

const { Package } = datapackage;

// The errors of the package in dir, as strings: [] when it is valid.
export async function packageErrors(dir) {
	const errors = [];
	const pkg = await Package.load(path.join(dir, 'datapackage.json'), dir, { strict: false });
	if (!pkg.valid)
		return pkg.errors.map((e) => `datapackage.json: ${e.message ?? e}`);
	for (const r of pkg.resources) {
		if (r.descriptor.format !== 'csv')
			continue;
		let rows;
		try {
			await r.read({ relations: true });
			rows = await r.read({ keyed: true });
		} catch (e) {
			const detail = (e.errors ?? []).slice(0, 5).map((x) => x.message ?? String(x));
			errors.push(`${r.name}: ${e.message} ${detail.join('; ')}`);
			continue;
		}
		if (rows.length !== r.descriptor.rows)
			errors.push(`${r.name}: ${rows.length} rows, the descriptor says ${r.descriptor.rows}`);
		const twin = pkg.getResource(`${r.name}-jsonl`);
		if (!twin)
			continue;
		const text = await readFile(path.join(dir, twin.descriptor.path), 'utf8');
		const lines = text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
		if (lines.length !== rows.length)
			errors.push(`${twin.name}: ${lines.length} lines for ${rows.length} CSV rows`);
		for (let i = 0; i < Math.min(lines.length, rows.length); i++) {
			for (const f of r.schema.fields) {
				const a = rows[i][f.name], b = lines[i][f.name];
				// An empty CSV field is null (missingValues): an empty
				// string in JSON Lines reads so too.
				const same = a === null || a === undefined ? b === null || b === ''
					: f.type === 'date' ? b === a.toISOString().slice(0, 10)
					: typeof a === 'string' ? b === a || `'${b}` === a
					: Number(a) === b;
				if (!same) {
					errors.push(`${twin.name} line ${i + 1}: ${f.name} is ${JSON.stringify(b)}, ` +
						`the CSV says ${JSON.stringify(a)}`);
					break;
				}
			}
		}
	}
	return errors;
}
