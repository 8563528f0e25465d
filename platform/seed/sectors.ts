import type { Faker } from '@faker-js/faker';
import { INDUSTRY } from './words.js';

/**
 * The sectors the demo's organisations are drawn from: kind, registering authority, weight, name endings with
 * their 国民经济行业门类, the 经营范围 the registry words for each, and the platform's tags they tend to carry.
 */

export type OrgKind = 'LEGAL_PERSON' | 'INDIVIDUAL_BUSINESS' | 'OTHER_ORGANISATION';

export interface Sector {
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

export const SECTORS: readonly Sector[] = [
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
