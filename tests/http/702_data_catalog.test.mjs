// 702_data_catalog — /data/catalog.jsonld: valid JSON-LD (expanded and
// turned into RDF by jsonld.js, from the npm registry, with no network:
// the context is inline) carrying DCAT-AP's mandatory properties, every
// address absolute.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import jsonld from 'jsonld';
import { openDataInstance, published, BASE_URL } from './open_data.mjs';

const srv = await openDataInstance({ scale: 5, serveArgs: ['--base-url', BASE_URL] });
after(() => srv.stop());
await published(srv);

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const RDF_TYPE = '@type';

// A document loader that refuses: the catalogue must need nothing remote.
const offline = async (url) => {
	throw new Error(`the catalogue asked for ${url}`);
};

function has(node, iri, what) {
	assert.ok(Array.isArray(node[iri]) && node[iri].length > 0, `${what} has ${iri}`);
	return node[iri];
}

test('the catalogue is JSON-LD with the DCAT-AP mandatory properties', async () => {
	const r = await srv.get('/data/catalog.jsonld');
	assert.equal(r.status, 200);
	assert.match(r.headers.get('content-type'), /^application\/ld\+json/);
	const doc = JSON.parse(r.text);
	const nquads = await jsonld.toRDF(doc, { format: 'application/n-quads', documentLoader: offline });
	assert.ok(nquads.split('\n').length > 100, 'it says something as RDF');
	const [catalog] = await jsonld.expand(doc, { documentLoader: offline });
	assert.deepEqual(catalog[RDF_TYPE], [`${DCAT}Catalog`]);
	assert.equal(catalog['@id'], `${BASE_URL}/data/catalog.jsonld`);
	has(catalog, `${DCT}title`, 'the catalogue');
	has(catalog, `${DCT}description`, 'the catalogue');
	const [publisher] = has(catalog, `${DCT}publisher`, 'the catalogue');
	has(publisher, `${FOAF}name`, 'the publisher');
	const datasets = has(catalog, `${DCAT}dataset`, 'the catalogue');
	const tables = (await srv.getJSON('/api/v1/data')).json.tables;
	assert.equal(datasets.length, tables.length + 1, 'the package and each of its tables');
	for (const d of datasets) {
		assert.deepEqual(d[RDF_TYPE], [`${DCAT}Dataset`]);
		assert.ok(d['@id'].startsWith(`${BASE_URL}/data#`), d['@id']);
		has(d, `${DCT}title`, d['@id']);
		has(d, `${DCT}description`, d['@id']);
		has(d, `${DCT}license`, d['@id']);
		for (const dist of has(d, `${DCAT}distribution`, d['@id'])) {
			assert.deepEqual(dist[RDF_TYPE], [`${DCAT}Distribution`]);
			const [access] = has(dist, `${DCAT}accessURL`, dist['@id']);
			assert.equal(access['@id'], `${BASE_URL}/data`);
			const [download] = has(dist, `${DCAT}downloadURL`, dist['@id']);
			assert.ok(download['@id'].startsWith(`${BASE_URL}/data/`));
			has(dist, `${DCAT}mediaType`, dist['@id']);
			has(dist, `${DCT}format`, dist['@id']);
		}
	}
	// The distributions are the files /data serves.
	const csv = datasets.find((d) => d['@id'] === `${BASE_URL}/data#commitment`);
	const urls = csv[`${DCAT}distribution`].map((x) => x[`${DCAT}downloadURL`][0]['@id']);
	for (const u of urls)
		assert.equal((await srv.get(new URL(u).pathname)).status, 200, u);
	const size = csv[`${DCAT}distribution`][0][`${DCAT}byteSize`][0]['@value'];
	assert.match(String(size), /^\d+$/);
});
