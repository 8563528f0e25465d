import type { CreditList } from './rules.js';

/** 行政性、行业性、市场性、社会性 (notice §6, §10). */
export type MeasureType = 'ADMINISTRATIVE' | 'INDUSTRY' | 'MARKET' | 'SOCIAL';

export interface Measure {
  code: string;
  label: string;
  type: MeasureType;
  direction: 'INCENTIVE' | 'SANCTION';
  /** The list whose members the measure applies to. */
  list: CreditList;
  /** Member units (ids) that apply it. */
  units: string[];
  basis: string;
}

const SUPERVISORS = ['market-regulation', 'health', 'tax', 'transport', 'hrss'];
const LENDERS = ['pboc-taicang', 'bank-taicang-rural', 'bank-icbc-taicang'];

/**
 * The catalogue of joint incentive and sanction measures: which list, which units. Data the credit
 * office maintains with the member units; `measuresFor` and the feedback overview read it.
 */
export const MEASURES: readonly Measure[] = [
  {
    code: 'APPROVAL_GREEN_CHANNEL',
    label: '行政审批“绿色通道”，容缺受理、优先办理',
    type: 'ADMINISTRATIVE',
    direction: 'INCENTIVE',
    list: 'RED',
    units: ['market-regulation', 'commerce', 'transport', 'health'],
    basis: '通知第六条',
  },
  {
    code: 'PRIORITY_PUBLIC_SERVICES',
    label: '优先提供公共服务便利',
    type: 'ADMINISTRATIVE',
    direction: 'INCENTIVE',
    list: 'RED',
    units: ['hrss', 'medical-security', 'civil-affairs', 'tax'],
    basis: '通知第六条',
  },
  {
    code: 'LIGHTER_SUPERVISION',
    label: '优化行政监管措施，降低抽查比例和频次',
    type: 'ADMINISTRATIVE',
    direction: 'INCENTIVE',
    list: 'RED',
    units: SUPERVISORS,
    basis: '通知第六条',
  },
  {
    code: 'PRIORITY_AWARDS_AND_RESOURCES',
    label: '评优评先、公共资源分配中予以优先支持',
    type: 'ADMINISTRATIVE',
    direction: 'INCENTIVE',
    list: 'RED',
    units: ['civilization-office', 'hrss', 'commerce'],
    basis: '通知第六条',
  },
  {
    code: 'CREDIT_LOAN_PREFERENCE',
    label: '“信易贷”信贷优惠支持，提升信用贷款比例',
    type: 'MARKET',
    direction: 'INCENTIVE',
    list: 'RED',
    units: LENDERS,
    basis: '通知第七条',
  },
  {
    code: 'INDUSTRY_RECOMMENDATION',
    label: '向行业协会推介，行业评价优先',
    type: 'INDUSTRY',
    direction: 'INCENTIVE',
    list: 'RED',
    units: ['commerce'],
    basis: '通知第六条',
  },
  {
    code: 'EXEMPLAR_PUBLICITY',
    label: '选树诚信典型，向新闻媒体宣传推介',
    type: 'SOCIAL',
    direction: 'INCENTIVE',
    list: 'RED',
    units: ['civilization-office', 'credit-office'],
    basis: '通知第六条、第十四条',
  },
  {
    code: 'KEY_ATTENTION_INSPECTION',
    label: '差别化监管：提高检查频次，督促整改到位',
    type: 'ADMINISTRATIVE',
    direction: 'SANCTION',
    list: 'KEY_ATTENTION',
    units: ['market-regulation', 'health', 'hrss'],
    basis: '通知第三条',
  },
  {
    code: 'RECTIFICATION_INTERVIEW',
    label: '信用约谈，跟踪整改',
    type: 'ADMINISTRATIVE',
    direction: 'SANCTION',
    list: 'KEY_ATTENTION',
    units: ['credit-office'],
    basis: '通知第三条',
  },
  {
    code: 'PUBLIC_NAMING',
    label: '向社会公布严重失信主体',
    type: 'SOCIAL',
    direction: 'SANCTION',
    list: 'JOINT_PUNISHMENT',
    units: ['credit-office'],
    basis: '通知第十条',
  },
  {
    code: 'CLOSER_INSPECTION',
    label: '列为重点监管对象，提高抽查比例和频次',
    type: 'ADMINISTRATIVE',
    direction: 'SANCTION',
    list: 'JOINT_PUNISHMENT',
    units: SUPERVISORS,
    basis: '通知第三条、第十条',
  },
  {
    code: 'PROCUREMENT_RESTRICTION',
    label: '限制参与政府采购、招标投标',
    type: 'ADMINISTRATIVE',
    direction: 'SANCTION',
    list: 'JOINT_PUNISHMENT',
    units: ['commerce', 'credit-office'],
    basis: '通知第十条',
  },
  {
    code: 'AWARD_RESTRICTION',
    label: '取消评优评先资格，限制获得荣誉称号',
    type: 'SOCIAL',
    direction: 'SANCTION',
    list: 'JOINT_PUNISHMENT',
    units: ['civilization-office', 'hrss'],
    basis: '通知第十条',
  },
  {
    code: 'APPROVAL_RESTRICTION',
    label: '审慎审批，不适用告知承诺等便利措施',
    type: 'ADMINISTRATIVE',
    direction: 'SANCTION',
    list: 'JOINT_PUNISHMENT',
    units: ['market-regulation', 'commerce', 'transport', 'health'],
    basis: '通知第十条',
  },
  {
    code: 'FINANCING_RESTRICTION',
    label: '从严审核授信，限制融资',
    type: 'MARKET',
    direction: 'SANCTION',
    list: 'JOINT_PUNISHMENT',
    units: LENDERS,
    basis: '通知第十条',
  },
  {
    code: 'INDUSTRY_DISCIPLINE',
    label: '行业协会通报批评、取消会员资格',
    type: 'INDUSTRY',
    direction: 'SANCTION',
    list: 'JOINT_PUNISHMENT',
    units: ['commerce'],
    basis: '通知第十条',
  },
];

export const measureByCode = (code: string): Measure | undefined => MEASURES.find((measure) => measure.code === code);

/** The measure a stored report names: reports are only accepted for measures of the catalogue. */
export function reportedMeasure(code: string): Measure {
  const measure = measureByCode(code);
  if (!measure) throw new Error(`measure ${code} of a stored report is not in the catalogue`);
  return measure;
}

/** The measures unit `unitId` applies to members of `list` (all units' when unitId is undefined). */
export function measuresOf(list: string, unitId?: string): Measure[] {
  return MEASURES.filter((measure) => measure.list === list && (unitId === undefined || measure.units.includes(unitId)));
}
