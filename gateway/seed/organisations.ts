import type { Faker } from '@faker-js/faker';
import { CREDIT_CODE_ALPHABET, makeCreditCode } from '../../subgraphs/kit/identifiers.js';
import type { NewSubjectRow } from '../../subgraphs/subjects/tables.js';
import type { SeedSubject } from './model.js';
import { dateBetween, personName } from './random.js';
import { DISTRICT_STREETS, DISTRICTS, INDUSTRY, PORT_AREA, REGION, TRADE_NAMES } from './words.js';

type OrgKind = 'LEGAL_PERSON' | 'INDIVIDUAL_BUSINESS' | 'OTHER_ORGANISATION';

interface Sector {
  key: string;
  kind: OrgKind;
  /** Registering authority and organisation type: 91 enterprise, 92 individual business, 93 cooperative, 52 民办非企业. */
  head: string;
  weight: number;
  /** Name endings, each with its 国民经济行业门类. */
  names: readonly (readonly [string, string])[];
  tags(faker: Faker, ending: string): string[];
}

const I = INDUSTRY;
const each = (industry: string, ...endings: string[]) => endings.map((ending) => [ending, industry] as const);
const maybe = (faker: Faker, probability: number, tag: string): string[] => (faker.datatype.boolean(probability) ? [tag] : []);

const SECTORS: readonly Sector[] = [
  { key: 'manufacturer', kind: 'LEGAL_PERSON', head: '91', weight: 55,
    names: each(I.manufacturing, '精密机械有限公司', '汽车零部件有限公司', '纺织有限公司', '化纤有限公司', '新材料科技有限公司', '电子科技有限公司', '包装材料有限公司', '塑业有限公司', '五金制品有限公司', '金属制品有限公司'),
    tags: (f) => [...maybe(f, 0.85, 'SME'), ...maybe(f, 0.45, 'EXPORTER')] },
  { key: 'medical_maker', kind: 'LEGAL_PERSON', head: '91', weight: 14,
    names: each(I.manufacturing, '医疗器械有限公司', '医用材料有限公司', '卫生用品有限公司', '防护用品有限公司', '医用敷料有限公司'),
    tags: (f) => ['EPIDEMIC_SUPPLY_PRODUCER', ...maybe(f, 0.85, 'SME'), ...maybe(f, 0.4, 'EXPORTER')] },
  { key: 'pharmacy', kind: 'LEGAL_PERSON', head: '91', weight: 14, names: each(I.trade, '大药房有限公司', '医药连锁有限公司', '医药有限公司'),
    tags: () => ['MEDICAL', 'SME'] },
  { key: 'hospital', kind: 'LEGAL_PERSON', head: '91', weight: 5, names: each(I.health, '医院有限公司', '口腔门诊部有限公司', '中医诊所有限公司'),
    tags: (f) => ['MEDICAL', ...maybe(f, 0.4, 'EPIDEMIC_PREVENTION')] },
  { key: 'supermarket', kind: 'LEGAL_PERSON', head: '91', weight: 14,
    names: each(I.trade, '超市有限公司', '生鲜超市有限公司', '农贸市场经营管理有限公司', '便利店连锁有限公司'), tags: () => ['SUPPLY_ASSURANCE', 'SME'] },
  { key: 'restaurant', kind: 'LEGAL_PERSON', head: '91', weight: 16, names: each(I.catering, '餐饮管理有限公司', '酒楼有限公司', '餐饮有限公司'),
    tags: () => ['HARD_HIT', 'SME'] },
  { key: 'hotel', kind: 'LEGAL_PERSON', head: '91', weight: 8, names: each(I.catering, '大酒店有限公司', '酒店管理有限公司', '宾馆有限公司'),
    tags: () => ['HARD_HIT', 'SME'] },
  { key: 'tourism', kind: 'LEGAL_PERSON', head: '91', weight: 5, names: each(I.business, '国际旅行社有限公司', '文化旅游发展有限公司', '旅游客运有限公司'),
    tags: () => ['HARD_HIT', 'SME'] },
  { key: 'logistics', kind: 'LEGAL_PERSON', head: '91', weight: 24,
    names: each(I.transport, '物流有限公司', '国际货运代理有限公司', '运输有限公司', '供应链管理有限公司', '仓储有限公司'),
    tags: (f) => [...maybe(f, 0.7, 'SUPPLY_ASSURANCE'), ...maybe(f, 0.8, 'SME'), ...maybe(f, 0.1, 'EPIDEMIC_PREVENTION')] },
  { key: 'food_maker', kind: 'LEGAL_PERSON', head: '91', weight: 12, names: each(I.manufacturing, '食品有限公司', '肉松食品有限公司', '粮油有限公司', '乳业有限公司'),
    tags: (f) => ['SUPPLY_ASSURANCE', 'SME', ...maybe(f, 0.2, 'EXPORTER')] },
  { key: 'construction', kind: 'LEGAL_PERSON', head: '91', weight: 20,
    names: each(I.construction, '建设工程有限公司', '建筑安装工程有限公司', '市政工程有限公司', '装饰工程有限公司'), tags: (f) => maybe(f, 0.9, 'SME') },
  { key: 'tech', kind: 'LEGAL_PERSON', head: '91', weight: 20,
    names: [...each(I.software, '信息科技有限公司', '软件有限公司'), ...each(I.research, '生物科技有限公司', '检测技术有限公司')], tags: (f) => maybe(f, 0.9, 'SME') },
  { key: 'trading', kind: 'LEGAL_PERSON', head: '91', weight: 20, names: each(I.trade, '贸易有限公司', '进出口有限公司', '商贸有限公司'),
    tags: (f, ending) => ['SME', ...(ending.startsWith('进出口') || f.datatype.boolean(0.2) ? ['EXPORTER'] : [])] },
  { key: 'property', kind: 'LEGAL_PERSON', head: '91', weight: 7, names: each(I.realEstate, '物业管理有限公司', '物业服务有限公司'),
    tags: (f) => ['SME', ...maybe(f, 0.3, 'EPIDEMIC_PREVENTION')] },
  // 个体工商户: named after the owner, 太仓市{镇}{姓名}{店}.
  { key: 'ind_restaurant', kind: 'INDIVIDUAL_BUSINESS', head: '92', weight: 12, names: each(I.catering, '小吃店', '面馆', '饭店', '烧烤店', '奶茶店'),
    tags: () => ['HARD_HIT'] },
  { key: 'ind_grocery', kind: 'INDIVIDUAL_BUSINESS', head: '92', weight: 12, names: each(I.trade, '便利店', '水果店', '蔬菜店', '粮油店', '副食品店'),
    tags: (f) => maybe(f, 0.5, 'SUPPLY_ASSURANCE') },
  { key: 'ind_pharmacy', kind: 'INDIVIDUAL_BUSINESS', head: '92', weight: 5, names: each(I.trade, '大药房', '药店'), tags: () => ['MEDICAL'] },
  { key: 'ind_service', kind: 'INDIVIDUAL_BUSINESS', head: '92', weight: 7,
    names: [...each(I.residents, '理发店', '家电维修部'), ...each(I.trade, '五金店', '服装店')], tags: () => [] },
  // Other organisations: farmers' cooperatives (93) and 民办非企业单位 (52).
  { key: 'coop', kind: 'OTHER_ORGANISATION', head: '93', weight: 14,
    names: each(I.agriculture, '农产品专业合作社', '蔬菜专业合作社', '水稻专业合作社', '葡萄专业合作社', '果蔬专业合作社', '水产养殖专业合作社'),
    tags: (f) => maybe(f, 0.5, 'SUPPLY_ASSURANCE') },
  { key: 'clinic', kind: 'OTHER_ORGANISATION', head: '52', weight: 3, names: each(I.health, '康复医院', '门诊部'),
    tags: (f) => ['MEDICAL', ...maybe(f, 0.5, 'EPIDEMIC_PREVENTION')] },
  { key: 'social', kind: 'OTHER_ORGANISATION', head: '52', weight: 5,
    names: [...each(I.health, '社会工作服务中心', '养老院', '志愿服务中心'), ...each(I.education, '职业培训学校')], tags: (f) => maybe(f, 0.6, 'EPIDEMIC_PREVENTION') },
];

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
  const body = registeredOn >= '2016-01-01'
    ? `MA${faker.string.fromCharacters(CREDIT_CODE_ALPHABET, 6)}`
    : faker.string.numeric({ length: 8, allowLeadingZeros: true });
  return body + organisationCodeCheck(body);
}

export interface SeedOrganisation {
  subject: SeedSubject;
  row: NewSubjectRow;
}

/** 300 organisations, the demo company first; exactly two historic codes fail the check, flagged. */
export function generateOrganisations(faker: Faker): SeedOrganisation[] {
  const names = new Set<string>([DEMO_COMPANY_NAME]);
  const codes = new Set<string>();
  const kinds: OrgKind[] = faker.helpers.shuffle(
    (Object.entries(KIND_COUNTS) as [OrgKind, number][]).flatMap(([kind, n]) => Array<OrgKind>(kind === 'LEGAL_PERSON' ? n - 1 : n).fill(kind)),
  );
  const result: SeedOrganisation[] = [build(faker, 'LEGAL_PERSON', codes, names, true)];
  for (const kind of kinds) result.push(build(faker, kind, codes, names, false));

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

function build(faker: Faker, kind: OrgKind, codes: Set<string>, names: Set<string>, demo: boolean): SeedOrganisation {
  const sector = demo ? SECTORS.find((s) => s.key === 'medical_maker')! : faker.helpers.weightedArrayElement(
    SECTORS.filter((s) => s.kind === kind).map((s) => ({ weight: s.weight, value: s })),
  );
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
  while (!creditCode || codes.has(creditCode)) creditCode = makeCreditCode(`${sector.head}${REGION}${organisationCode(faker, registeredOn)}`);
  codes.add(creditCode);

  const tags = demo ? ['EPIDEMIC_SUPPLY_PRODUCER', 'SME', 'EXPORTER'] : [...new Set(sector.tags(faker, ending))];
  const status = demo ? 'ACTIVE' : faker.helpers.weightedArrayElement([
    { weight: 94, value: 'ACTIVE' }, { weight: 3, value: 'REVOKED' }, { weight: 3, value: 'DEREGISTERED' },
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
  };
  const subject: SeedSubject = { id: creditCode, name, isPerson: false, district, sector: sector.key, tags, active: status === 'ACTIVE' };
  return { subject, row };
}
