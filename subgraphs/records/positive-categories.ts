// The positive categories of the catalogue (catalogue.ts): honest conduct (§5), honours and commitments, in the
// notice's own words as the negative ones are (categories.ts says how labels and excerpts are chosen).

import type { CategoryEntry } from './catalogue.js';
import { BOTH, by, ORGS, positive } from './categories.js';

export const POSITIVE_CATEGORIES: CategoryEntry[] = [
  // §5 honest conduct. The first four are for 个人和集体 (persons and organisations); conversion,
  // supply-chain restart and livelihood supply are for 法人和其他组织. Supply transport is opened to
  // persons too (drivers and couriers), as the same sentence feeds 自然人娄城信用积分.
  positive({
    code: 'MEDICAL_AID_HUBEI',
    label: '赴湖北参加支援疫情防控医务工作',
    kind: 'HONEST_CONDUCT',
    article: 5,
    articleExcerpt: '赴湖北参加支援疫情防控医务工作',
    defaultSeverity: null,
    reportingUnits: by('health'),
    ...BOTH,
  }),
  positive({
    code: 'FRONTLINE_DUTY',
    label: '参加一线疫情防控工作',
    kind: 'HONEST_CONDUCT',
    article: 5,
    articleExcerpt: '参加一线疫情防控工作且表现突出',
    defaultSeverity: null,
    reportingUnits: by('health', 'public-security'),
    ...BOTH,
  }),
  positive({
    code: 'VOLUNTEER_SERVICE',
    label: '疫情防控志愿者服务',
    kind: 'HONEST_CONDUCT',
    article: 5,
    articleExcerpt: '参加疫情防控志愿者服务活动且做出重要贡献',
    defaultSeverity: null,
    reportingUnits: by('civilization-office'),
    ...BOTH,
  }),
  positive({
    code: 'DONATION',
    label: '捐赠疫情防控物资或资金',
    kind: 'HONEST_CONDUCT',
    article: 5,
    articleExcerpt: '积极捐赠疫情防控物资或资金',
    defaultSeverity: null,
    reportingUnits: by('civil-affairs'),
    ...BOTH,
  }),
  positive({
    code: 'PRODUCTION_CONVERSION',
    label: '转产、扩产疫情防控急缺医用物资',
    kind: 'HONEST_CONDUCT',
    article: 5,
    articleExcerpt: '对转产、扩产、采购、运输疫情防控急缺医用物资及重要原材料的',
    defaultSeverity: null,
    reportingUnits: by('market-regulation', 'commerce'),
    ...ORGS,
  }),
  positive({
    code: 'SUPPLY_TRANSPORT',
    label: '采购、运输疫情防控急缺医用物资',
    kind: 'HONEST_CONDUCT',
    article: 5,
    articleExcerpt: '对转产、扩产、采购、运输疫情防控急缺医用物资及重要原材料的',
    defaultSeverity: null,
    reportingUnits: by('transport', 'commerce'),
    ...BOTH,
  }),
  positive({
    code: 'SUPPLY_CHAIN_RESTART',
    label: '在全产业链复工中取得突出成绩',
    kind: 'HONEST_CONDUCT',
    article: 5,
    articleExcerpt: '在全产业链复工中取得突出成绩',
    defaultSeverity: null,
    reportingUnits: by('commerce'),
    ...ORGS,
  }),
  positive({
    code: 'LIVELIHOOD_SUPPLY',
    label: '生活物资保障和市场秩序稳定',
    kind: 'HONEST_CONDUCT',
    article: 5,
    articleExcerpt: '为生活物资保障和市场秩序稳定作出贡献',
    defaultSeverity: null,
    reportingUnits: by('commerce', 'agriculture', 'market-regulation'),
    ...ORGS,
  }),

  // Honours. §6 (exemplars) and §14 (publicity) say what is done with them, but the measure that
  // names the record itself — 荣誉奖励信息纳入单位和个人信用档案 — is §13, so that is the article.
  positive({
    code: 'HONOR_AWARD',
    label: '荣誉奖励',
    kind: 'HONOR',
    article: 13,
    articleExcerpt: '将相关荣誉奖励信息纳入单位和个人信用档案',
    defaultSeverity: null,
    reportingUnits: by('civilization-office', 'health', 'hrss'),
    ...BOTH,
  }),

  // Commitments (信用承诺), collected by the unit that supervises what is promised. A broken promise is
  // recorded under the matching negative category, never by changing the commitment itself.
  positive({
    code: 'PRICE_SELF_DISCIPLINE',
    label: '防疫物资价格自律、诚信经营信用承诺',
    kind: 'COMMITMENT',
    article: 2,
    articleExcerpt: '鼓励企业开展防疫物资价格自律、诚信经营信用承诺',
    defaultSeverity: null,
    reportingUnits: by('market-regulation'),
    ...ORGS,
  }),
  positive({
    code: 'REOPENING_COMMITMENT',
    label: '复工复产承诺',
    kind: 'COMMITMENT',
    article: 3,
    articleExcerpt: '引导市场主体强化承诺意识、责任意识，制订复工复产方案和应急预案',
    defaultSeverity: null,
    reportingUnits: by('commerce', 'market-regulation'),
    ...ORGS,
  }),
  // A repair application carries the subject's commitment (DESIGN §3 repairs); persons may repair too.
  positive({
    code: 'REPAIR_COMMITMENT',
    label: '信用修复承诺',
    kind: 'COMMITMENT',
    article: 11,
    articleExcerpt: '引导企业通过信用网站开展行政处罚信息修复在线申请',
    defaultSeverity: null,
    reportingUnits: by(),
    ...BOTH,
  }),
];
