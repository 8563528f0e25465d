import type { Faker } from '@faker-js/faker';
import { CREDIT_CODE_ALPHABET, makeCreditCode } from '../../subgraphs/kit/identifiers.js';
import type { NewSubjectRow } from '../../subgraphs/subjects/tables.js';
import type { SeedSubject } from './model.js';
import { createFaker, dateBetween, maxDate, money, personName, SEED } from './random.js';
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
  /** 经营范围 (民办非企业单位: 业务范围) for a name ending. */
  scope(ending: string, industry: string): string;
}

const I = INDUSTRY;
const each = (industry: string, ...endings: string[]) => endings.map((ending) => [ending, industry] as const);
const maybe = (faker: Faker, probability: number, tag: string): string[] => (faker.datatype.boolean(probability) ? [tag] : []);

/** How the registry words a licensed scope's tail, and the products a manufacturer's name ending stands for. */
const LICENSED = '（依法须经批准的项目，经相关部门批准后方可开展经营活动）';
const PRODUCTS: Record<string, string> = { 纺织: '纺织品', 塑业: '塑料制品', 电子: '电子元器件', 新材料: '新型材料', 化纤: '化学纤维' };
const product = (ending: string): string => {
  const stem = ending.replace(/(科技)?有限公司$/, '');
  return PRODUCTS[stem] ?? stem;
};
const byEnding = (scopes: Record<string, string>) => (ending: string) => scopes[ending]!;

const SECTORS: readonly Sector[] = [
  {
    key: 'manufacturer',
    kind: 'LEGAL_PERSON',
    head: '91',
    weight: 55,
    names: each(
      I.manufacturing,
      '精密机械有限公司',
      '汽车零部件有限公司',
      '纺织有限公司',
      '化纤有限公司',
      '新材料科技有限公司',
      '电子科技有限公司',
      '包装材料有限公司',
      '塑业有限公司',
      '五金制品有限公司',
      '金属制品有限公司',
    ),
    scope: (e) => `${product(e)}的研发、制造、加工、销售；货物进出口；技术进出口。${LICENSED}`,
    tags: (f) => [...maybe(f, 0.85, 'SME'), ...maybe(f, 0.45, 'EXPORTER')],
  },
  {
    key: 'medical_maker',
    kind: 'LEGAL_PERSON',
    head: '91',
    weight: 14,
    names: each(I.manufacturing, '医疗器械有限公司', '医用材料有限公司', '卫生用品有限公司', '防护用品有限公司', '医用敷料有限公司'),
    scope: () =>
      `第二类医疗器械生产；第一类医疗器械生产、销售；医用口罩、医用防护服、卫生材料及医用敷料的生产、销售；货物进出口。${LICENSED}`,
    tags: (f) => ['EPIDEMIC_SUPPLY_PRODUCER', ...maybe(f, 0.85, 'SME'), ...maybe(f, 0.4, 'EXPORTER')],
  },
  {
    key: 'pharmacy',
    kind: 'LEGAL_PERSON',
    head: '91',
    weight: 14,
    names: each(I.trade, '大药房有限公司', '医药连锁有限公司', '医药有限公司'),
    scope: () => `药品零售；第二类医疗器械销售；保健食品销售；消毒剂（不含危险化学品）、日用百货销售。${LICENSED}`,
    tags: () => ['MEDICAL', 'SME'],
  },
  {
    key: 'hospital',
    kind: 'LEGAL_PERSON',
    head: '91',
    weight: 5,
    names: each(I.health, '医院有限公司', '口腔门诊部有限公司', '中医诊所有限公司'),
    scope: () => `医疗服务；预防保健服务；健康咨询服务（不含诊疗服务）。${LICENSED}`,
    tags: (f) => ['MEDICAL', ...maybe(f, 0.4, 'EPIDEMIC_PREVENTION')],
  },
  {
    key: 'supermarket',
    kind: 'LEGAL_PERSON',
    head: '91',
    weight: 14,
    names: each(I.trade, '超市有限公司', '生鲜超市有限公司', '农贸市场经营管理有限公司', '便利店连锁有限公司'),
    scope: () => `食品销售；农副产品、水产品销售；日用百货、针纺织品、五金交电、家用电器零售；市场经营管理。${LICENSED}`,
    tags: () => ['SUPPLY_ASSURANCE', 'SME'],
  },
  {
    key: 'restaurant',
    kind: 'LEGAL_PERSON',
    head: '91',
    weight: 16,
    names: each(I.catering, '餐饮管理有限公司', '酒楼有限公司', '餐饮有限公司'),
    scope: () => `餐饮服务；餐饮管理；食品销售（仅销售预包装食品）；外卖递送服务。${LICENSED}`,
    tags: () => ['HARD_HIT', 'SME'],
  },
  {
    key: 'hotel',
    kind: 'LEGAL_PERSON',
    head: '91',
    weight: 8,
    names: each(I.catering, '大酒店有限公司', '酒店管理有限公司', '宾馆有限公司'),
    scope: () => `住宿服务；餐饮服务；会议及展览服务；停车场服务。${LICENSED}`,
    tags: () => ['HARD_HIT', 'SME'],
  },
  {
    key: 'tourism',
    kind: 'LEGAL_PERSON',
    head: '91',
    weight: 5,
    names: each(I.business, '国际旅行社有限公司', '文化旅游发展有限公司', '旅游客运有限公司'),
    scope: () => `旅游业务；旅游咨询服务；票务代理服务；会议及展览服务；道路旅客运输经营。${LICENSED}`,
    tags: () => ['HARD_HIT', 'SME'],
  },
  {
    key: 'logistics',
    kind: 'LEGAL_PERSON',
    head: '91',
    weight: 24,
    names: each(I.transport, '物流有限公司', '国际货运代理有限公司', '运输有限公司', '供应链管理有限公司', '仓储有限公司'),
    scope: () =>
      `道路货物运输（不含危险货物）；国际货物运输代理；普通货物仓储服务（不含危险化学品）；供应链管理服务；装卸搬运。${LICENSED}`,
    tags: (f) => [...maybe(f, 0.7, 'SUPPLY_ASSURANCE'), ...maybe(f, 0.8, 'SME'), ...maybe(f, 0.1, 'EPIDEMIC_PREVENTION')],
  },
  {
    key: 'food_maker',
    kind: 'LEGAL_PERSON',
    head: '91',
    weight: 12,
    names: each(I.manufacturing, '食品有限公司', '肉松食品有限公司', '粮油有限公司', '乳业有限公司'),
    scope: () => `食品生产；食品销售；粮油制品、乳制品、肉制品的生产、销售；农副产品收购。${LICENSED}`,
    tags: (f) => ['SUPPLY_ASSURANCE', 'SME', ...maybe(f, 0.2, 'EXPORTER')],
  },
  {
    key: 'construction',
    kind: 'LEGAL_PERSON',
    head: '91',
    weight: 20,
    names: each(I.construction, '建设工程有限公司', '建筑安装工程有限公司', '市政工程有限公司', '装饰工程有限公司'),
    scope: () => `建设工程施工；建筑装饰、装修工程施工；市政设施管理；建筑材料销售；机械设备租赁。${LICENSED}`,
    tags: (f) => maybe(f, 0.9, 'SME'),
  },
  {
    key: 'tech',
    kind: 'LEGAL_PERSON',
    head: '91',
    weight: 20,
    names: [...each(I.software, '信息科技有限公司', '软件有限公司'), ...each(I.research, '生物科技有限公司', '检测技术有限公司')],
    scope: (_, industry) =>
      industry === I.software
        ? '软件开发；信息系统集成服务；信息技术咨询服务；数据处理和存储支持服务；计算机软硬件及辅助设备零售。'
        : `生物技术、检测技术的技术开发、技术咨询、技术服务、技术转让；检验检测服务；实验分析仪器销售。${LICENSED}`,
    tags: (f) => maybe(f, 0.9, 'SME'),
  },
  {
    key: 'trading',
    kind: 'LEGAL_PERSON',
    head: '91',
    weight: 20,
    names: each(I.trade, '贸易有限公司', '进出口有限公司', '商贸有限公司'),
    scope: () => '货物进出口；技术进出口；五金产品、机械设备、电子产品、纺织品、化工产品（不含危险化学品）、日用百货的批发、零售。',
    tags: (f, ending) => ['SME', ...(ending.startsWith('进出口') || f.datatype.boolean(0.2) ? ['EXPORTER'] : [])],
  },
  {
    key: 'property',
    kind: 'LEGAL_PERSON',
    head: '91',
    weight: 7,
    names: each(I.realEstate, '物业管理有限公司', '物业服务有限公司'),
    scope: () => '物业管理；停车场服务；家政服务；园林绿化工程施工；房屋修缮。',
    tags: (f) => ['SME', ...maybe(f, 0.3, 'EPIDEMIC_PREVENTION')],
  },
  // 个体工商户: named after the owner, 太仓市{镇}{姓名}{店}.
  {
    key: 'ind_restaurant',
    kind: 'INDIVIDUAL_BUSINESS',
    head: '92',
    weight: 12,
    names: each(I.catering, '小吃店', '面馆', '饭店', '烧烤店', '奶茶店'),
    scope: () => `餐饮服务；食品销售（仅销售预包装食品）。${LICENSED}`,
    tags: () => ['HARD_HIT'],
  },
  {
    key: 'ind_grocery',
    kind: 'INDIVIDUAL_BUSINESS',
    head: '92',
    weight: 12,
    names: each(I.trade, '便利店', '水果店', '蔬菜店', '粮油店', '副食品店'),
    scope: () => `食品销售；新鲜水果、新鲜蔬菜、粮油、日用百货零售。${LICENSED}`,
    tags: (f) => maybe(f, 0.5, 'SUPPLY_ASSURANCE'),
  },
  {
    key: 'ind_pharmacy',
    kind: 'INDIVIDUAL_BUSINESS',
    head: '92',
    weight: 5,
    names: each(I.trade, '大药房', '药店'),
    scope: () => `药品零售；第二类医疗器械零售；保健食品销售。${LICENSED}`,
    tags: () => ['MEDICAL'],
  },
  {
    key: 'ind_service',
    kind: 'INDIVIDUAL_BUSINESS',
    head: '92',
    weight: 7,
    names: [...each(I.residents, '理发店', '家电维修部'), ...each(I.trade, '五金店', '服装店')],
    scope: byEnding({
      理发店: '理发及美容服务（不含医疗美容）。',
      家电维修部: '日用电器修理；家用电器零配件销售。',
      五金店: '五金产品零售；建筑材料销售。',
      服装店: '服装服饰零售；鞋帽零售。',
    }),
    tags: () => [],
  },
  // Other organisations: farmers' cooperatives (93) and 民办非企业单位 (52).
  {
    key: 'coop',
    kind: 'OTHER_ORGANISATION',
    head: '93',
    weight: 14,
    names: each(
      I.agriculture,
      '农产品专业合作社',
      '蔬菜专业合作社',
      '水稻专业合作社',
      '葡萄专业合作社',
      '果蔬专业合作社',
      '水产养殖专业合作社',
    ),
    scope: (e) =>
      `组织成员${e.startsWith('水产') ? '开展水产养殖' : `种植${e.replace('专业合作社', '')}`}；采购、供应成员所需的农业生产资料；销售成员生产的农产品；开展与农业生产经营有关的技术培训、技术交流和信息咨询服务。`,
    tags: (f) => maybe(f, 0.5, 'SUPPLY_ASSURANCE'),
  },
  {
    key: 'clinic',
    kind: 'OTHER_ORGANISATION',
    head: '52',
    weight: 3,
    names: each(I.health, '康复医院', '门诊部'),
    scope: byEnding({ 康复医院: '康复医疗；康复护理；健康咨询。', 门诊部: '门诊诊疗服务；预防保健服务。' }),
    tags: (f) => ['MEDICAL', ...maybe(f, 0.5, 'EPIDEMIC_PREVENTION')],
  },
  {
    key: 'social',
    kind: 'OTHER_ORGANISATION',
    head: '52',
    weight: 5,
    names: [...each(I.health, '社会工作服务中心', '养老院', '志愿服务中心'), ...each(I.education, '职业培训学校')],
    scope: byEnding({
      社会工作服务中心: '社会工作服务；社区服务；心理疏导；公益项目策划与实施。',
      养老院: '为老年人提供生活照料、康复护理、精神慰藉服务。',
      志愿服务中心: '志愿服务组织、培训与交流；公益活动策划。',
      职业培训学校: '职业技能培训（家政服务员、养老护理员、保育员）。',
    }),
    tags: (f) => maybe(f, 0.6, 'EPIDEMIC_PREVENTION'),
  },
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
