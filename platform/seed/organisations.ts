import type { Faker } from '@faker-js/faker';
import { CREDIT_CODE_ALPHABET, makeCreditCode } from '../../subgraphs/kit/identifiers.js';
import type { NewSubjectRow } from '../../subgraphs/subjects/tables.js';
import type { SeedSubject } from './model.js';
import { createFaker, dateBetween, maxDate, money, personName, SEED } from './random.js';
import { SECTORS, type OrgKind, type Sector } from './sectors.js';
import { DISTRICT_STREETS, DISTRICTS, PORT_AREA, REGION, TRADE_NAMES } from './words.js';

const KIND_COUNTS: Record<OrgKind, number> = { LEGAL_PERSON: 240, INDIVIDUAL_BUSINESS: 36, OTHER_ORGANISATION: 24 };
export const ORGANISATION_COUNT = 300;

export const DEMO_COMPANY_NAME = '太仓市娄城医疗器械有限公司';
const TOWNS = DISTRICTS.filter((d) => d.endsWith('镇'));

const GB11714_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
/** GB 11714 organisation-code check character of an 8-character body: digits 0-9, A=10 ... Z=35. */
export function organisationCodeCheck(body: string): string {
  const sum = Array.from(body).reduce((acc, c, i) => acc + (c <= '9' ? Number(c) : c.charCodeAt(0) - 55) * GB11714_WEIGHTS[i]!, 0);
  const c9 = 11 - (sum % 11);
  return c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9);
}

/** Codes assigned since the 2015 reform start with MA; older ones are the old 8-digit organisation codes. */
function organisationCode(faker: Faker, registeredOn: string): string {
  const body =
    registeredOn >= '2016-01-01'
      ? `MA${faker.string.fromCharacters(CREDIT_CODE_ALPHABET, 6)}`
      : faker.string.numeric({ length: 8, allowLeadingZeros: true });
  return body + organisationCodeCheck(body);
}

export interface SeedOrganisation {
  subject: SeedSubject;
  row: NewSubjectRow;
}

type Registration = Pick<
  NewSubjectRow,
  'registeredCapitalAmount' | 'registeredCapitalCurrency' | 'organisationType' | 'businessScope' | 'registrationAuthority' | 'approvedOn'
>;

/** Kinds of foreign investment; Taicang is 德企之乡, so many foreign firms subscribe in euros. */
const FOREIGN = [
  { weight: 40, value: { type: '有限责任公司（外国法人独资）', currency: 'EUR' } },
  { weight: 30, value: { type: '有限责任公司（外国法人独资）', currency: 'USD' } },
  { weight: 15, value: { type: '有限责任公司（台港澳法人独资）', currency: 'HKD' } },
  { weight: 15, value: { type: '有限责任公司（中外合资）', currency: 'USD' } },
];
const DOMESTIC = [
  { weight: 65, value: '有限责任公司（自然人投资或控股）' },
  { weight: 25, value: '有限责任公司（自然人独资）' },
  { weight: 10, value: '有限责任公司（非自然人投资或控股的法人独资）' },
];
const FOREIGN_SECTORS = new Set(['manufacturer', 'medical_maker', 'food_maker', 'trading']);
/** 万: 注册资本 of companies, 资金数额 of individual businesses, 成员出资总额 of cooperatives, 开办资金 of 民非. */
const AMOUNTS = {
  company: [50, 100, 200, 300, 500, 600, 800, 1000, 1200, 1500, 2000, 3000, 5000],
  foreign: [100, 150, 200, 300, 500, 800, 1000, 1200, 1500, 2000, 3000],
  '92': [1, 2, 3, 5, 8, 10, 20, 30, 50],
  '93': [50, 100, 120, 200, 300, 500],
  '52': [3, 5, 10, 20, 30, 50, 100],
};
/** Approvals since the 2019 reform are the 市场监督管理局's; the registry's latest is at most this recent. */
const LATEST_APPROVAL = '2023-12-31';

/**
 * 登记信息 as the registry holds it, drawn from `registry`, a stream of its own: adding these fields changed
 * none of the organisations, persons or records the main stream draws.
 */
function registrationOf(
  registry: Faker,
  sector: Sector,
  ending: string,
  industry: string,
  registeredOn: string,
  tags: string[],
  demo: boolean,
): Registration {
  const businessScope = sector.scope(ending, industry);
  const authority = sector.head === '52' ? '太仓市民政局' : '太仓市市场监督管理局';
  const approvedOn = dateBetween(registry, maxDate(registeredOn, '2019-03-01'), LATEST_APPROVAL);
  const filed = (organisationType: string, currency: string, amount: string): Registration => ({
    registeredCapitalAmount: amount,
    registeredCapitalCurrency: currency,
    organisationType,
    businessScope,
    registrationAuthority: authority,
    approvedOn,
  });
  if (demo) return { ...filed('有限责任公司（自然人投资或控股）', 'CNY', '1200'), approvedOn: '2021-04-16' };
  if (sector.head === '92') return filed('个体工商户', 'CNY', String(registry.helpers.arrayElement(AMOUNTS['92'])));
  if (sector.head === '93') return filed('农民专业合作社', 'CNY', String(registry.helpers.arrayElement(AMOUNTS['93'])));
  if (sector.head === '52') return filed('民办非企业单位', 'CNY', String(registry.helpers.arrayElement(AMOUNTS['52'])));
  if (FOREIGN_SECTORS.has(sector.key) && tags.includes('EXPORTER') && registry.datatype.boolean(0.4)) {
    const { type, currency } = registry.helpers.weightedArrayElement(FOREIGN);
    return filed(type, currency, String(registry.helpers.arrayElement(AMOUNTS.foreign)));
  }
  // Most subscribe a round sum; some an odd one, to the 万 with a fraction as the registry prints it (1234.5).
  const amount = registry.datatype.boolean(0.8) ? String(registry.helpers.arrayElement(AMOUNTS.company)) : money(registry, 50, 5000, 0.5);
  return filed(registry.helpers.weightedArrayElement(DOMESTIC), 'CNY', amount);
}

/** 300 organisations, the demo company first; exactly two historic codes fail the check, flagged. */
export function generateOrganisations(faker: Faker): SeedOrganisation[] {
  const registry = createFaker(SEED + 3);
  const names = new Set<string>([DEMO_COMPANY_NAME]);
  const codes = new Set<string>();
  const kinds: OrgKind[] = faker.helpers.shuffle(
    (Object.entries(KIND_COUNTS) as [OrgKind, number][]).flatMap(([kind, n]) =>
      Array<OrgKind>(kind === 'LEGAL_PERSON' ? n - 1 : n).fill(kind),
    ),
  );
  const result: SeedOrganisation[] = [build(faker, registry, 'LEGAL_PERSON', codes, names, true)];
  for (const kind of kinds) result.push(build(faker, registry, kind, codes, names, false));

  const historic = result.filter((o, i) => i > 0 && o.row.registeredOn! < '2000-01-01').slice(0, 2);
  for (const org of historic) {
    const valid = org.row.creditCode!;
    let broken = valid;
    for (let step = 7; broken === valid || codes.has(broken); step++) {
      broken = valid.slice(0, 17) + CREDIT_CODE_ALPHABET[(CREDIT_CODE_ALPHABET.indexOf(valid[17]!) + step) % 31];
    }
    codes.add(broken);
    Object.assign(org.row, { id: broken, creditCode: broken, creditCodeChecksumValid: false });
    org.subject.id = broken;
  }
  if (historic.length !== 2) throw new Error('seed: fewer than two organisations registered before 2000');
  return result;
}

function build(faker: Faker, registry: Faker, kind: OrgKind, codes: Set<string>, names: Set<string>, demo: boolean): SeedOrganisation {
  const sector = demo
    ? SECTORS.find((s) => s.key === 'medical_maker')!
    : faker.helpers.weightedArrayElement(SECTORS.filter((s) => s.kind === kind).map((s) => ({ weight: s.weight, value: s })));
  const legalRepresentative = personName(faker);
  let district = faker.helpers.arrayElement(sector.key === 'coop' ? TOWNS : DISTRICTS);
  if (sector.key === 'logistics' && faker.datatype.boolean(0.6)) district = PORT_AREA;
  const [ending, industry] = faker.helpers.arrayElement(sector.names);
  let name = DEMO_COMPANY_NAME;
  for (let attempt = 0; !demo && (attempt === 0 || names.has(name)); attempt++) {
    const trade = faker.helpers.arrayElement(TRADE_NAMES);
    if (sector.kind === 'INDIVIDUAL_BUSINESS') name = `太仓市${district}${attempt > 0 ? trade : legalRepresentative}${ending}`;
    else if (sector.key === 'coop') name = `太仓市${district}${trade}${ending}`;
    else if (sector.key === 'logistics' && district === PORT_AREA) name = `太仓港${trade}${ending}`;
    else name = `${faker.helpers.arrayElement(['太仓市', '太仓市', '太仓'])}${trade}${ending}`;
  }
  names.add(name);

  const earliest = sector.key === 'coop' ? '2007-07-01' : sector.kind === 'INDIVIDUAL_BUSINESS' ? '2003-01-01' : '1995-01-01';
  const registeredOn = demo ? '2011-03-18' : dateBetween(faker, earliest, '2019-12-31');
  let creditCode = '';
  while (!creditCode || codes.has(creditCode))
    creditCode = makeCreditCode(`${sector.head}${REGION}${organisationCode(faker, registeredOn)}`);
  codes.add(creditCode);

  const tags = demo ? ['EPIDEMIC_SUPPLY_PRODUCER', 'SME', 'EXPORTER'] : [...new Set(sector.tags(faker, ending))];
  const status = demo
    ? 'ACTIVE'
    : faker.helpers.weightedArrayElement([
        { weight: 94, value: 'ACTIVE' },
        { weight: 3, value: 'REVOKED' },
        { weight: 3, value: 'DEREGISTERED' },
      ]);
  if (demo) district = '娄东街道';
  const street = demo ? '常胜北路' : faker.helpers.arrayElement(DISTRICT_STREETS[district]!);
  const number = demo ? 168 : faker.number.int({ min: 1, max: 399 });
  const row: NewSubjectRow = {
    id: creditCode,
    kind,
    name,
    creditCode,
    creditCodeChecksumValid: true,
    legalRepresentative,
    registeredAddress: `江苏省太仓市${district}${street}${number}号`,
    district,
    industry,
    registeredOn,
    status,
    tags,
    ...registrationOf(registry, sector, ending, industry, registeredOn, tags, demo),
  };
  const subject: SeedSubject = { id: creditCode, name, isPerson: false, district, sector: sector.key, tags, active: status === 'ACTIVE' };
  return { subject, row };
}
