// Category catalogue of credit records (DESIGN §3, "records"): one entry per behaviour named in
// notice 太信用办〔2020〕1号 (shared/seed/000_95d82e531f798324.txt). Labels use the notice's own
// words so that a record shown on 信用太仓 reads exactly as the policy that justifies it; where the
// notice words a behaviour only positively or as part of a longer clause, the label is the shortest
// faithful form built from its words. `articleExcerpt` is always a verbatim phrase of the measure
// (after removing the file's line wrapping), so a reader can find the legal basis in the notice.
//
// These are the negative categories (penalties, dishonest conduct); honest conduct, honours and commitments
// are positive-categories.ts. catalogue.ts joins the two in this order and answers the look-ups.

import type { CategoryEntry } from './catalogue.js';

// Member units that take part in reporting. The two banks on the platform (bank-taicang-rural,
// bank-icbc-taicang) are members only as consumers of 信易贷 profiles (§7): they report nothing.
export const MEMBER_UNIT_IDS = [
  'credit-office', // 市发展和改革委员会（市信用办）: owns the platform, may report every category
  'market-regulation', // 市市场监督管理局: market order, food/drugs/devices, prices, advertising
  'health', // 市卫生健康委员会: epidemic prevention, medical teams
  'public-security', // 市公安局: criminal cases, quarantine enforcement, rumours
  'commerce', // 市商务局: trade, retail and service enterprises, supply of necessities
  'hrss', // 市人力资源和社会保障局: labour relations, social insurance
  'tax', // 国家税务总局太仓市税务局
  'transport', // 市交通运输局
  'agriculture', // 市农业农村局: wildlife protection
  'medical-security', // 市医疗保障局: medical-insurance contributions
  'finance-regulation', // 市地方金融监督管理局
  'pboc-taicang', // 中国人民银行太仓市支行: credit reference on bank loans
  'civilization-office', // 市委宣传部（市文明办）: volunteers, exemplars
  'civil-affairs', // 市民政局: charitable donations
  'court', // 太仓市人民法院: contract-default judgments
] as const;
export type MemberUnitId = (typeof MEMBER_UNIT_IDS)[number];

// The credit office is listed first on every entry rather than special-cased in code, so the data
// alone answers "who may report this" for the MemberUnit directory and for intake validation.
export const by = (...units: MemberUnitId[]): readonly string[] => ['credit-office', ...units];

// Who a category can be about. "Organisation" covers every non-person subject kind (legal persons,
// other organisations, individual businesses 个体工商户), i.e. the notice's 市场主体/企业.
export const ORGS = { appliesToNaturalPersons: false, appliesToOrganisations: true } as const;
const PERSONS = { appliesToNaturalPersons: true, appliesToOrganisations: false } as const;
export const BOTH = { appliesToNaturalPersons: true, appliesToOrganisations: true } as const;

// Measure 2 names the five price behaviours in one enumeration; they share it as their basis.
const PRICE_EXCERPT = '对口罩、温度计、消毒液以及重要生活保障物资中不明码标价、哄抬物价、囤积居奇、垄断经营、趁火打劫';
// Measure 9, second sentence: force-majeure defaults that are exempt when the conditions hold.
const FORCE_MAJEURE_EXCERPT = '对企业因疫情不可抗力因素导致的合同违约、金融债务违约、未及时纳税和缴纳社会保险费等失信行为';

// Negative categories are repairable (measure 11 opens a repair channel for penalty information) once the
// minimum period has passed (REFERENCE.md); positive records and commitments have nothing to repair. The
// exception is `unrepairable`: 制假售假 of medical goods, food and drugs endangers life and health (国发〔2016〕
// 33号 names 食品药品 first among such serious dishonesty). We read it as a 特定严重失信行为 whose penalty
// information 发改办财金〔2019〕527号 keeps on display 严格按最长公示期限: no repair ends it early, display stops
// by itself at the maximum. Order 36 (art. 2) keeps exclusions that national rules make, and the notice yields
// to them (国家、省、苏州出台的具体措施明确规定的从其规定). This flag is the one answer: records' events carry it
// (`repairable`), and the repairs subgraph files or refuses an application by it.
type Draft = Omit<CategoryEntry, 'repairable'>;
const negative = (d: Draft): CategoryEntry => ({ ...d, repairable: true });
const unrepairable = (d: Draft): CategoryEntry => ({ ...d, repairable: false });
export const positive = (d: Draft): CategoryEntry => ({ ...d, repairable: false });

export const NEGATIVE_CATEGORIES: CategoryEntry[] = [
  // §1 market order. Penalties imposed by the market regulator under law, hence ADMINISTRATIVE_PENALTY.
  // Counterfeit medical goods and wildlife trade are SERIOUS: §10 and §13 single them out for public
  // disclosure and joint punishment; §13 names 单位和个人, so they can concern persons too. Not repairable (above).
  unrepairable({
    code: 'COUNTERFEIT_MEDICAL_GOODS',
    label: '制售假冒医用商品',
    kind: 'ADMINISTRATIVE_PENALTY',
    article: 1,
    articleExcerpt: '食品药品、医疗器械、医用卫生材料等领域制假售假',
    defaultSeverity: 'SERIOUS',
    reportingUnits: by('market-regulation', 'public-security'),
    ...BOTH,
  }),
  // §1 names 食品药品 first: counterfeit food and drugs are as grave as counterfeit medical goods (§10 puts
  // 医疗、药品、食品 under close credit supervision), so SERIOUS; the market regulator supervises food and
  // drugs, the police take the criminal cases; individual sellers are penalised too, hence persons as well.
  // Not repairable, like medical goods.
  unrepairable({
    code: 'COUNTERFEIT_FOOD_AND_DRUGS',
    label: '食品药品制假售假',
    kind: 'ADMINISTRATIVE_PENALTY',
    article: 1,
    articleExcerpt: '食品药品、医疗器械、医用卫生材料等领域制假售假',
    defaultSeverity: 'SERIOUS',
    reportingUnits: by('market-regulation', 'public-security'),
    ...BOTH,
  }),
  negative({
    code: 'ILLEGAL_WILDLIFE_TRADE',
    label: '非法收购、运输、出售野生动物及其制品',
    kind: 'ADMINISTRATIVE_PENALTY',
    article: 1,
    articleExcerpt: '非法收购、运输、出售野生动物及其制品',
    defaultSeverity: 'SERIOUS',
    reportingUnits: by('agriculture', 'market-regulation', 'public-security'),
    ...BOTH,
  }),
  negative({
    code: 'UNFAIR_COMPETITION',
    label: '不正当竞争',
    kind: 'ADMINISTRATIVE_PENALTY',
    article: 1,
    articleExcerpt: '不正当竞争',
    defaultSeverity: 'GENERAL',
    reportingUnits: by('market-regulation'),
    ...ORGS,
  }),
  // §10 calls illegal epidemic advertising serious, but only together with other facts; the default
  // stays GENERAL and the reporting unit raises it when its decision says so.
  negative({
    code: 'EPIDEMIC_FALSE_ADVERTISING',
    label: '借疫情发布虚假广告',
    kind: 'ADMINISTRATIVE_PENALTY',
    article: 1,
    articleExcerpt: '借疫情发布虚假广告',
    defaultSeverity: 'GENERAL',
    reportingUnits: by('market-regulation'),
    ...ORGS,
  }),

  // §2 prices: recorded in the market subject's file and publicly disclosed. Gouging and profiteering
  // (趁火打劫) are SERIOUS by default; unmarked prices, hoarding and monopoly pricing are GENERAL.
  // §13 reports 恶意囤积哄抬物价 of 单位和个人, so gouging and hoarding can concern persons too.
  negative({
    code: 'PRICE_NOT_MARKED',
    label: '不明码标价',
    kind: 'ADMINISTRATIVE_PENALTY',
    article: 2,
    articleExcerpt: PRICE_EXCERPT,
    defaultSeverity: 'GENERAL',
    reportingUnits: by('market-regulation'),
    ...ORGS,
  }),
  negative({
    code: 'PRICE_GOUGING',
    label: '哄抬物价',
    kind: 'ADMINISTRATIVE_PENALTY',
    article: 2,
    articleExcerpt: PRICE_EXCERPT,
    defaultSeverity: 'SERIOUS',
    reportingUnits: by('market-regulation'),
    ...BOTH,
  }),
  negative({
    code: 'HOARDING',
    label: '囤积居奇',
    kind: 'ADMINISTRATIVE_PENALTY',
    article: 2,
    articleExcerpt: PRICE_EXCERPT,
    defaultSeverity: 'GENERAL',
    reportingUnits: by('market-regulation'),
    ...BOTH,
  }),
  negative({
    code: 'MONOPOLY_PRICING',
    label: '垄断经营',
    kind: 'ADMINISTRATIVE_PENALTY',
    article: 2,
    articleExcerpt: PRICE_EXCERPT,
    defaultSeverity: 'GENERAL',
    reportingUnits: by('market-regulation'),
    ...ORGS,
  }),
  negative({
    code: 'PROFITEERING',
    label: '趁火打劫',
    kind: 'ADMINISTRATIVE_PENALTY',
    article: 2,
    articleExcerpt: PRICE_EXCERPT,
    defaultSeverity: 'SERIOUS',
    reportingUnits: by('market-regulation'),
    ...ORGS,
  }),

  // §3 reopening: failures lead first to rectification and the key-attention list, and to joint
  // punishment only "造成严重后果的"; the default is therefore GENERAL, raised per decision.
  negative({
    code: 'REOPENING_NONCOMPLIANCE',
    label: '未按照要求复工复产',
    kind: 'DISHONEST_CONDUCT',
    article: 3,
    articleExcerpt: '对未按照要求复工复产的，要强化整改，建立重点关注名单制度',
    defaultSeverity: 'GENERAL',
    reportingUnits: by('commerce', 'market-regulation', 'health'),
    ...ORGS,
  }),
  negative({
    code: 'NO_HEALTH_MONITORING',
    label: '未对返岗返工职工进行健康监测管理',
    kind: 'DISHONEST_CONDUCT',
    article: 3,
    articleExcerpt: '未对返岗返工职工进行健康监测管理',
    defaultSeverity: 'GENERAL',
    reportingUnits: by('health'),
    ...ORGS,
  }),
  negative({
    code: 'NO_DISINFECTION',
    label: '未采取消杀措施',
    kind: 'DISHONEST_CONDUCT',
    article: 3,
    articleExcerpt: '未采取消杀措施保证复工后生产生活环境安全',
    defaultSeverity: 'GENERAL',
    reportingUnits: by('health'),
    ...ORGS,
  }),
  negative({
    code: 'LABOUR_RELATIONS_VIOLATION',
    label: '未按要求处理疫情防控期间劳动关系',
    kind: 'DISHONEST_CONDUCT',
    article: 3,
    articleExcerpt: '未按要求处理疫情防控期间劳动关系',
    defaultSeverity: 'GENERAL',
    reportingUnits: by('hrss'),
    ...ORGS,
  }),

  // §4 individuals. GENERAL by default; §13's 故意隐瞒病情传播病毒致重大损失 is the aggravated case the
  // reporting unit marks SERIOUS. The notice words the duties positively (应当履行…疫情防控义务), so
  // REFUSING_PREVENTION_DUTIES and NOT_WEARING_MASK negate its own words; the rumour label is §13's
  // 恶意传播谣言, the breach of §4's 不造谣、不信谣、不传谣 duty. §13 reports concealing illness and
  // spreading rumours of 单位和个人: those two apply to organisations too (an employer hiding its staff's
  // infection, a company account spreading a rumour); the other §4 duties are a person's own.
  negative({
    code: 'CONCEALING_ILLNESS',
    label: '隐瞒病情',
    kind: 'DISHONEST_CONDUCT',
    article: 4,
    articleExcerpt: '隐瞒病情、在疫情严重地区旅居、与患者或者疑似患者接触等情况',
    defaultSeverity: 'GENERAL',
    reportingUnits: by('health', 'public-security'),
    ...BOTH,
  }),
  negative({
    code: 'EVADING_QUARANTINE',
    label: '逃避医学观察、隔离治疗',
    kind: 'DISHONEST_CONDUCT',
    article: 4,
    articleExcerpt: '有逃避医学观察、隔离治疗等行为的',
    defaultSeverity: 'GENERAL',
    reportingUnits: by('health', 'public-security'),
    ...PERSONS,
  }),
  negative({
    code: 'REFUSING_PREVENTION_DUTIES',
    label: '拒不履行疫情防控义务',
    kind: 'DISHONEST_CONDUCT',
    article: 4,
    articleExcerpt: '应当履行服从疫情防控的指挥和安排，依法接受调查、监测、医学观察、隔离治疗，如实提供有关情况',
    defaultSeverity: 'GENERAL',
    reportingUnits: by('public-security', 'health'),
    ...PERSONS,
  }),
  // Masks and gatherings: the police and the health commission enforce the rules in public places. Not
  // wearing a mask is the lightest breach of §4 (MINOR); joining a gathering spreads the virus (GENERAL).
  negative({
    code: 'NOT_WEARING_MASK',
    label: '未在公共场所佩戴口罩',
    kind: 'DISHONEST_CONDUCT',
    article: 4,
    articleExcerpt: '严格遵守在公共场所佩戴口罩的规定',
    defaultSeverity: 'MINOR',
    reportingUnits: by('public-security', 'health'),
    ...PERSONS,
  }),
  negative({
    code: 'JOINING_GATHERINGS',
    label: '参加人员聚集活动',
    kind: 'DISHONEST_CONDUCT',
    article: 4,
    articleExcerpt: '减少外出活动，不参加人员聚集活动',
    defaultSeverity: 'GENERAL',
    reportingUnits: by('public-security', 'health'),
    ...PERSONS,
  }),
  negative({
    code: 'SPREADING_RUMOURS',
    label: '恶意传播谣言',
    kind: 'DISHONEST_CONDUCT',
    article: 4,
    articleExcerpt: '严格履行不造谣、不信谣、不传谣等有关疫情防控义务',
    defaultSeverity: 'GENERAL',
    reportingUnits: by('public-security'),
    ...BOTH,
  }),

  // §9 minor-dishonesty exemption. Severity describes the behaviour when NO tolerance policy applies
  // (the exemption itself is a tolerance decision, not a severity). Delays — late delivery, late loan
  // repayment, late tax or social insurance — are cured by performing late, which is what §9's title
  // 轻微失信 means: MINOR. An outright contract default is not cured that way (§8 treats it as a breach
  // to rectify, and it usually comes as a court judgment), so it is GENERAL.
  negative({
    code: 'CONTRACT_DEFAULT',
    label: '合同违约',
    kind: 'DISHONEST_CONDUCT',
    article: 9,
    articleExcerpt: FORCE_MAJEURE_EXCERPT,
    defaultSeverity: 'GENERAL',
    reportingUnits: by('court'),
    ...ORGS,
  }),
  negative({
    code: 'DELIVERY_DELAY',
    label: '延迟交货',
    kind: 'DISHONEST_CONDUCT',
    article: 9,
    articleExcerpt: '对企业因参与疫情防控工作而导致的延迟交货、延期还贷、合同逾期等失信行为',
    defaultSeverity: 'MINOR',
    reportingUnits: by('court', 'commerce'),
    ...ORGS,
  }),
  // Loans are owed by persons as well as firms (financial-debt default, 金融债务违约).
  negative({
    code: 'LOAN_REPAYMENT_DELAY',
    label: '延期还贷',
    kind: 'DISHONEST_CONDUCT',
    article: 9,
    articleExcerpt: '对企业因参与疫情防控工作而导致的延迟交货、延期还贷、合同逾期等失信行为',
    defaultSeverity: 'MINOR',
    reportingUnits: by('pboc-taicang', 'finance-regulation'),
    ...BOTH,
  }),
  negative({
    code: 'LATE_TAX',
    label: '未及时纳税',
    kind: 'DISHONEST_CONDUCT',
    article: 9,
    articleExcerpt: FORCE_MAJEURE_EXCERPT,
    defaultSeverity: 'MINOR',
    reportingUnits: by('tax'),
    ...ORGS,
  }),
  // Medical insurance is a social insurance whose contributions the medical-security bureau oversees.
  negative({
    code: 'LATE_SOCIAL_INSURANCE',
    label: '未及时缴纳社会保险费',
    kind: 'DISHONEST_CONDUCT',
    article: 9,
    articleExcerpt: FORCE_MAJEURE_EXCERPT,
    defaultSeverity: 'MINOR',
    reportingUnits: by('hrss', 'medical-security'),
    ...ORGS,
  }),
];
