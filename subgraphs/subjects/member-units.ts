import type { MemberUnitRow } from './tables.js';

/**
 * Taicang's member units (REFERENCE.md "Taicang, for demo data"), with the duties that scope their reading: the
 * platform's directory, ensured at start like records' default tolerance policies (a unit already there is kept).
 */
export const MEMBER_UNITS: MemberUnitRow[] = [
  { id: 'credit-office', name: '市发展和改革委员会（市信用办）', kind: 'CREDIT_OFFICE', duties: ['CREDIT_MANAGEMENT'] },
  { id: 'market-regulation', name: '市市场监督管理局', kind: 'DEPARTMENT', duties: ['MARKET_REGULATION', 'PRICE_SUPERVISION'] },
  { id: 'health', name: '市卫生健康委员会', kind: 'DEPARTMENT', duties: ['PUBLIC_HEALTH'] },
  { id: 'public-security', name: '市公安局', kind: 'DEPARTMENT', duties: ['PUBLIC_SECURITY'] },
  { id: 'commerce', name: '市商务局', kind: 'DEPARTMENT', duties: ['COMMERCE'] },
  { id: 'hrss', name: '市人力资源和社会保障局', kind: 'DEPARTMENT', duties: ['LABOUR_AND_SOCIAL_SECURITY'] },
  { id: 'tax', name: '国家税务总局太仓市税务局', kind: 'DEPARTMENT', duties: ['TAXATION'] },
  { id: 'transport', name: '市交通运输局', kind: 'DEPARTMENT', duties: ['TRANSPORT'] },
  { id: 'agriculture', name: '市农业农村局', kind: 'DEPARTMENT', duties: ['AGRICULTURE_AND_WILDLIFE'] },
  { id: 'medical-security', name: '市医疗保障局', kind: 'DEPARTMENT', duties: ['MEDICAL_INSURANCE'] },
  { id: 'finance-regulation', name: '市地方金融监督管理局', kind: 'DEPARTMENT', duties: ['FINANCIAL_REGULATION'] },
  { id: 'pboc-taicang', name: '中国人民银行太仓市支行', kind: 'DEPARTMENT', duties: ['FINANCIAL_REGULATION', 'LENDING'] },
  { id: 'civilization-office', name: '市委宣传部（市文明办）', kind: 'DEPARTMENT', duties: ['CIVILISATION'] },
  { id: 'civil-affairs', name: '市民政局', kind: 'DEPARTMENT', duties: ['CIVIL_AFFAIRS'] },
  { id: 'court', name: '太仓市人民法院', kind: 'JUDICIAL', duties: ['JUSTICE'] },
  { id: 'bank-taicang-rural', name: '江苏太仓农村商业银行', kind: 'FINANCIAL_INSTITUTION', duties: ['LENDING'] },
  { id: 'bank-icbc-taicang', name: '中国工商银行太仓分行', kind: 'FINANCIAL_INSTITUTION', duties: ['LENDING'] },
];
