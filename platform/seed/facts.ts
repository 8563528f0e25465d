import type { Faker } from '@faker-js/faker';
import type { SeedSubject } from './model.js';
import { addMonths } from '../../subgraphs/kit/time.js';
import { cnNumber, money } from './random.js';
import { BANKS, COUNTERPARTIES, GOODS, HOSPITALS, PLACES, PUBLIC_PLACES, type Goods } from './words.js';

/** What a facts template may draw on: one record about one subject. */
export interface FactContext {
  faker: Faker;
  subject: SeedSubject;
  unitId: string;
  decisionDate: string;
  /** Date of the act, before the decision, in Chinese; `sinceAct` days before the decision. */
  act: string;
  sinceAct: number;
  /** Decided while the epidemic measures were in force (2020-2022). */
  epidemic: boolean;
  /** Rectification deadline in Chinese, where the category has one. */
  deadline: string | null;
  /** Label of the repaired record's category (repair commitments). */
  repairedLabel?: string;
}

type Template = (c: FactContext) => string;

const pick = <T>(c: FactContext, items: readonly T[]): T => c.faker.helpers.arrayElement(items);
const int = (c: FactContext, min: number, max: number): number => c.faker.number.int({ min, max });
const goods = (c: FactContext): Goods =>
  pick(
    c,
    GOODS.filter((g) => c.epidemic || !g.epidemic),
  );
const during = (c: FactContext): string => (c.epidemic ? '新冠肺炎疫情防控期间，' : '');
const who = (c: FactContext): string => (c.subject.isPerson ? '当事人' : '该单位');
/** A month some months before the decision, as 2020年3月. */
const monthBefore = (c: FactContext, months: number): string => {
  const [y, m] = addMonths(c.decisionDate, -months).split('-').map(Number);
  return `${y}年${m}月`;
};

function raise(c: FactContext) {
  const g = goods(c);
  const from = Number(money(c.faker, g.price[0], g.price[1], 0.1));
  const to = Number((from * (1.3 + int(c, 0, 12) / 10)).toFixed(1));
  const sold = int(c, 100, 5000);
  return { g, from, to, sold, gain: Math.round((to - from) * sold), pct: Math.round(((to - from) / from) * 100) };
}

/** Epidemic honours were awarded from spring 2020 on. */
const fightingTime = (c: FactContext): boolean => c.epidemic && c.decisionDate >= '2020-04-01';
/** Departures of Jiangsu's medical teams for Hubei. */
const DEPARTURES = ['2020年1月25日', '2020年1月28日', '2020年2月2日', '2020年2月9日', '2020年2月13日'];

/** Honours by reporting unit, [while fighting the epidemic, otherwise]: awarder, titles for persons, for organisations. */
type Honour = readonly [string, readonly string[], readonly string[]];
const HONOURS: Readonly<Record<string, readonly [Honour, Honour]>> = {
  health: [
    ['中共太仓市委、太仓市人民政府', ['太仓市抗击新冠肺炎疫情先进个人'], ['太仓市抗击新冠肺炎疫情先进集体']],
    ['太仓市卫生健康委员会', ['太仓市优秀医务工作者'], ['太仓市卫生健康工作先进集体']],
  ],
  'civilization-office': [
    ['太仓市精神文明建设指导委员会', ['太仓市抗疫优秀志愿者', '太仓好人'], ['太仓市抗疫先进志愿服务组织']],
    ['太仓市精神文明建设指导委员会', ['太仓市道德模范', '太仓市优秀志愿者', '太仓好人'], ['太仓市文明单位', '太仓市诚信企业']],
  ],
  hrss: [
    ['太仓市人民政府', ['太仓市复工复产先进个人'], ['太仓市复工复产先进企业']],
    ['太仓市人民政府', ['太仓市劳动模范'], ['太仓市和谐劳动关系企业']],
  ],
};
/** Goods counterfeited, with brands that make them. */
const COUNTERFEITS: readonly (readonly [string, readonly string[]])[] = [
  ['KN95口罩', ['3M', '稳健']],
  ['医用防护服', ['稳健', '振德']],
  ['红外额温枪', ['鱼跃', '可孚']],
  ['一次性医用口罩', ['振德', '稳健']],
  ['医用外科口罩', ['稳健', '振德']],
  ['一次性使用输液器', ['威高']],
  ['医用敷料', ['振德', '海氏海诺']],
  ['血糖试纸', ['鱼跃', '三诺']],
];

/** What a shop made of counterfeits: the gain (违法所得) is a share of the goods' value (货值金额), never more. */
function counterfeitSale(c: FactContext, brand: string, item: string): string {
  const pieces = int(c, 500, 30000);
  const value = Number(money(c.faker, 5000, 300000));
  const gain = Math.round((value * int(c, 10, 60)) / 100);
  return `经查，当事人于${c.act}购进并销售标称"${brand}"牌${item}${pieces}件，经检验为假冒产品，货值金额${value}元，违法所得${gain}元。`;
}

const NOTICE = '太信用办〔2020〕1号';
export const noticeArticle = (article: number): string =>
  `《关于应对新冠肺炎疫情影响切实加强信用管理和服务工作的通知》（${NOTICE}）第${cnNumber(article)}条`;

export const FACTS: Readonly<Record<string, Template>> = {
  COUNTERFEIT_MEDICAL_GOODS: (c) => {
    const [item, brands] = pick(
      c,
      c.epidemic ? COUNTERFEITS : COUNTERFEITS.filter(([name]) => !['KN95口罩', '医用防护服', '红外额温枪'].includes(name)),
    );
    const brand = pick(c, brands);
    return c.subject.isPerson
      ? `当事人于${c.act}通过微信群向他人销售假冒"${brand}"牌${item}${int(c, 200, 5000)}件，货值金额${money(c.faker, 2000, 60000)}元。`
      : counterfeitSale(c, brand, item);
  },
  COUNTERFEIT_FOOD_AND_DRUGS: (c) => {
    const [item, kind] = pick(c, [
      ['"连花清瘟"胶囊', '假药'],
      ['板蓝根颗粒', '假药'],
      ['维生素C泡腾片', '假冒保健食品'],
      ['"特仑苏"纯牛奶', '假冒食品'],
      ['食用植物油', '假冒食品'],
      ['蜂蜜', '假冒食品'],
    ] as const);
    return `当事人于${c.act}${c.subject.isPerson ? '通过微信群' : '在经营场所'}销售${kind}${item}${int(c, 20, 2000)}件，经检验与标称产品不符，货值金额${money(c.faker, 1000, 80000)}元。`;
  },
  ILLEGAL_WILDLIFE_TRADE: (c) =>
    `当事人于${c.act}在${c.subject.district}非法收购、出售${pick(c, ['野生刺猬', '斑鸠', '野鸭', '乌梢蛇', '黄鼬', '果子狸'])}${int(c, 3, 60)}只，用于${pick(c, ['餐饮加工', '对外销售', '宰杀后出售'])}，违法所得${money(c.faker, 300, 20000)}元。`,
  UNFAIR_COMPETITION: (c) =>
    c.faker.datatype.boolean()
      ? `当事人自${c.act}起在宣传册及官网上对其${pick(c, ['产品', '服务'])}作"${pick(c, ['行业销量第一', '国家级高新技术产品', '获欧盟CE认证'])}"等虚假商业宣传，欺骗、误导消费者，涉案销售额${money(c.faker, 20000, 900000)}元。`
      : `当事人于${c.act}为谋取交易机会，向客户单位采购人员给付"回扣"${money(c.faker, 5000, 120000)}元，构成商业贿赂。`,
  EPIDEMIC_FALSE_ADVERTISING: (c) =>
    `当事人于${c.act}在微信公众号发布广告，宣称其销售的${pick(c, ['空气净化器', '负离子发生器', '益生菌固体饮料', '艾草香囊', '紫外线消毒灯'])}"${c.epidemic ? pick(c, ['可有效预防新冠病毒', '99.9%杀灭新冠病毒', '增强免疫力抵御疫情']) : pick(c, ['可有效预防流感病毒', '百分之百杀灭病菌'])}"，广告内容虚假，相关产品销售额${money(c.faker, 3000, 200000)}元。`,
  PRICE_NOT_MARKED: (c) =>
    `${during(c)}当事人于${c.act}在经营场所销售${goods(c).name}等商品未按规定明码标价，执法人员现场检查发现${int(c, 3, 40)}个品种未标示价格。`,
  PRICE_GOUGING: (c) => {
    const r = raise(c);
    return `${during(c)}${c.subject.isPerson ? '当事人通过网络' : '当事人'}于${c.act}将${r.g.name}由每${r.g.unit}${r.from}元提价至${r.to}元销售，提价幅度达${r.pct}%，共售出${r.sold}${r.g.unit}，违法所得${r.gain}元，构成哄抬价格行为。`;
  },
  HOARDING: (c) => {
    const g = goods(c);
    return `${during(c)}当事人于${c.act}前后大量囤积${g.name}${int(c, 2000, 80000)}${g.unit}，在市场供应紧张时拒不投放市场、待价而沽，推动价格过快上涨。`;
  },
  MONOPOLY_PRICING: (c) =>
    `当事人与${int(c, 2, 6)}家同业经营者于${c.act}达成统一上调${goods(c).name}销售价格的协议，统一上调${int(c, 15, 60)}%，排除、限制价格竞争。`,
  PROFITEERING: (c) => {
    const r = raise(c);
    return `${during(c)}当事人于${c.act}在${r.g.name}供应紧张期间，将进价每${r.g.unit}${r.from}元的${r.g.name}以每${r.g.unit}${r.to}元销售，进销差价率达${r.pct}%，牟取暴利${r.gain}元。`;
  },
  REOPENING_NONCOMPLIANCE: (c) =>
    `当事人未按规定报备即于${c.act}组织${int(c, 15, 400)}名职工复工，未制订复工复产方案和应急预案，防控机制、检疫查验未落实到位，责令于${c.deadline}前整改。`,
  NO_HEALTH_MONITORING: (c) =>
    `当事人于${c.act}复工后，未对${int(c, 20, 500)}名返岗职工进行体温检测和健康信息登记，其中${int(c, 2, 15)}名外地返岗职工未落实健康观察，责令于${c.deadline}前整改。`,
  NO_DISINFECTION: (c) =>
    c.epidemic
      ? `当事人于${c.act}营业期间未对${pick(c, PLACES)}等场所进行每日消毒，未配备消毒用品和测温设备，责令于${c.deadline}前整改。`
      : `当事人于${c.act}经营期间未按规定对${pick(c, ['餐饮具', '公共用品用具', '集中空调通风系统'])}进行清洗消毒，经检测不合格，责令于${c.deadline}前整改。`,
  LABOUR_RELATIONS_VIOLATION: (c) => {
    const [workers, months] = [int(c, 5, 120), int(c, 1, 4)];
    return `${c.epidemic ? '当事人在疫情防控期间以停工停产为由，' : '当事人'}拖欠${workers}名职工${months}个月工资共计${workers * months * int(c, 30, 80) * 100}元，经劳动保障监察责令限期支付后仍未支付。`;
  },
  CONCEALING_ILLNESS: (c) =>
    `当事人于${c.act}自${pick(c, ['湖北省武汉市', '湖北省孝感市', '浙江省温州市', '黑龙江省绥芬河市', '上海市'])}返回太仓后，在社区排查时故意隐瞒旅居史及与确诊病例的接触史，致${int(c, 3, 40)}名密切接触者被隔离观察。`,
  EVADING_QUARANTINE: (c) =>
    `当事人在居家医学观察期间，于${c.act}擅自离开观察场所前往${pick(c, ['农贸市场', '超市', '亲友家中', '棋牌室'])}，经劝导拒不返回。`,
  REFUSING_PREVENTION_DUTIES: (c) =>
    `当事人于${c.act}在${pick(c, PUBLIC_PLACES)}拒不配合体温检测和健康码查验，强行闯卡并辱骂防控工作人员。`,
  NOT_WEARING_MASK: (c) => `当事人于${c.act}在${pick(c, PUBLIC_PLACES)}未按规定佩戴口罩，经工作人员${int(c, 2, 4)}次劝导仍拒不佩戴。`,
  JOINING_GATHERINGS: (c) =>
    `当事人于${c.act}在疫情防控期间参加${pick(c, ['聚餐', '棋牌', '婚宴', '广场舞'])}等人员聚集活动，现场聚集${int(c, 10, 60)}人，经劝阻不听。`,
  SPREADING_RUMOURS: (c) =>
    `当事人于${c.act}在微信群编造并发布"${c.epidemic ? pick(c, ['太仓某小区出现确诊病例将全面封城', '某超市员工确诊需全员隔离', '自来水被病毒污染不能饮用']) : pick(c, ['某化工企业发生泄漏将全城疏散', '太仓港发生重大事故'])}"的虚假信息，被转发${int(c, 30, 2000)}次，扰乱公共秩序。`,
  CONTRACT_DEFAULT: (c) =>
    `当事人与${pick(c, COUNTERPARTIES)}签订${pick(c, ['买卖', '加工承揽', '建设工程施工', '租赁'])}合同，约定于${c.act}前支付款项${money(c.faker, 50000, 3000000)}元，当事人逾期未付，经判决后仍未履行。`,
  DELIVERY_DELAY: (c) =>
    `${c.epidemic ? '受疫情影响，' : ''}当事人未按合同约定于${c.act}前向${pick(c, COUNTERPARTIES)}交付${pick(c, ['零部件', '包装材料', '医用防护用品', '纺织面料'])}${int(c, 500, 50000)}件，延迟交货${int(c, 5, Math.max(5, Math.min(60, c.sinceAct - 20)))}日。`,
  LOAN_REPAYMENT_DELAY: (c) =>
    `当事人在${pick(c, BANKS)}的${c.subject.isPerson ? pick(c, ['个人经营性', '个人消费']) : '流动资金'}贷款${money(c.faker, c.subject.isPerson ? 5 : 50, c.subject.isPerson ? 80 : 2000)}万元于${c.act}到期后逾期${int(c, 30, Math.max(30, Math.min(180, c.sinceAct)))}天未归还本息。`,
  LATE_TAX: (c) => {
    const back = int(c, 1, 3);
    return `当事人未按规定期限申报缴纳${monthBefore(c, back)}${pick(c, ['增值税', '企业所得税', '城市维护建设税', '房产税', '城镇土地使用税'])}${money(c.faker, 3000, 800000)}元，逾期${int(c, 5, back * 30 - 15)}日。`;
  },
  LATE_SOCIAL_INSURANCE: (c) => {
    const kind = c.unitId === 'medical-security' ? '职工基本医疗保险费' : pick(c, ['基本养老保险费', '失业保险费', '工伤保险费']);
    const last = int(c, 1, 2);
    return `当事人未按时足额为${int(c, 5, 300)}名职工缴纳${monthBefore(c, last + int(c, 1, 4))}至${monthBefore(c, last)}${kind}，累计欠缴${money(c.faker, 10000, 900000)}元。`;
  },
  MEDICAL_AID_HUBEI: (c) =>
    c.subject.isPerson
      ? `当事人系${pick(c, HOSPITALS)}${pick(c, ['呼吸内科', '重症医学科', '感染科', '急诊科'])}${pick(c, ['主治医师', '主管护师', '护士', '副主任医师'])}，于${pick(c, DEPARTURES)}随江苏省支援湖北医疗队赴${pick(c, ['武汉市', '黄石市'])}开展医疗救治工作，连续工作${int(c, 35, 60)}天。`
      : `${pick(c, DEPARTURES)}，该单位选派${int(c, 2, 12)}名医护人员随江苏省支援湖北医疗队赴${pick(c, ['武汉市', '黄石市'])}参加医疗救治工作。`,
  FRONTLINE_DUTY: (c) =>
    c.subject.isPerson
      ? `当事人作为${pick(c, ['社区网格员', '卡口执勤民警', '发热门诊护士', '疾控流调人员', '社区医生', '交通检疫站工作人员'])}，自${c.act}起在${pick(c, PUBLIC_PLACES)}连续${Math.max(7, c.sinceAct - int(c, 0, 5))}天参加一线疫情防控工作，表现突出。`
      : `自${c.act}起，该单位组织${int(c, 5, 80)}名职工参与${pick(c, PUBLIC_PLACES)}疫情防控值守，协助开展体温检测和人员排查。`,
  VOLUNTEER_SERVICE: (c) =>
    `${who(c)}自${c.act}起参加${c.subject.district}${c.epidemic ? '疫情防控' : '社区'}志愿服务，累计服务${int(c, 40, 600)}小时，承担${c.epidemic ? pick(c, ['小区卡口值守', '独居老人物资配送', '核酸检测信息录入', '防疫知识宣传']) : pick(c, ['垃圾分类宣传', '助老助残', '文明交通劝导'])}等工作。`,
  DONATION: (c) => {
    const use = c.epidemic ? '疫情防控工作' : '助困帮扶';
    const cash = `${who(c)}于${c.act}通过太仓市慈善总会捐赠现金${money(c.faker, c.subject.isPerson ? 1000 : 20000, c.subject.isPerson ? 50000 : 1000000, 100)}元，用于${use}。`;
    if (c.subject.isPerson || c.faker.datatype.boolean(0.4)) return cash;
    const items: [string, string, number][] = c.epidemic
      ? [
          ['医用外科口罩', '只', 1],
          ['84消毒液', '箱', 60],
          ['医用防护服', '套', 80],
          ['电子体温计', '支', 25],
        ]
      : [
          ['大米', '袋', 50],
          ['食用油', '桶', 70],
          ['学习用品', '套', 120],
        ];
    const [item, unit, price] = pick(c, items);
    const quantity = int(c, 200, 20000) * (unit === '只' ? 10 : 1);
    return `${who(c)}于${c.act}通过太仓市慈善总会捐赠${item}${quantity}${unit}，折合人民币${quantity * price}元，用于${use}。`;
  },
  PRODUCTION_CONVERSION: (c) =>
    `${c.act}起，该企业紧急${pick(c, ['转产', '扩产'])}${pick(c, ['一次性医用口罩', '医用防护服', '熔喷布', '84消毒液', '医用隔离衣'])}，新增生产线${int(c, 1, 8)}条，日产能达${int(c, 2, 60)}万件，所产物资优先保障本市疫情防控需要。`,
  SUPPLY_TRANSPORT: (c) =>
    c.subject.isPerson
      ? `当事人作为货车驾驶员，自${c.act}起参与应急物资运输，累计往返${pick(c, ['武汉', '上海', '南京', '苏州'])}${int(c, 5, 40)}趟，运送${pick(c, ['医用物资', '蔬菜', '消毒用品'])}${int(c, 20, 400)}吨。`
      : `自${c.act}起，该单位承担疫情防控应急物资运输任务，累计运送${pick(c, ['医用物资', '生活物资', '防疫原材料'])}${int(c, 100, 5000)}吨，出车${int(c, 50, 900)}台次。`,
  SUPPLY_CHAIN_RESTART: (c) =>
    `该企业于${c.act}率先复工复产，带动上下游${int(c, 5, 60)}家配套企业同步复工，当月产值恢复至上年同期的${int(c, 70, 120)}%。`,
  LIVELIHOOD_SUPPLY: (c) =>
    `自${c.act}起，该单位保障${pick(c, ['蔬菜', '大米', '猪肉', '鸡蛋', '食用油'])}等生活物资供应，日均投放${int(c, 5, 200)}吨，坚持平价销售，价格保持稳定。`,
  HONOR_AWARD: (c) => {
    const [awarder, persons, organisations] = HONOURS[c.unitId]?.[fightingTime(c) ? 0 : 1] ?? HONOURS.hrss![1];
    return `${who(c)}于${c.act}被${awarder}授予"${pick(c, c.subject.isPerson ? persons : organisations)}"称号。`;
  },
  PRICE_SELF_DISCIPLINE: (c) =>
    `当事人于${c.act}签署《${c.epidemic ? '防疫物资' : ''}价格自律、诚信经营信用承诺书》，承诺明码标价、不哄抬价格、不囤积居奇，并在经营场所公示。`,
  REOPENING_COMMITMENT: (c) =>
    `当事人于${c.act}签署《复工复产信用承诺书》，承诺做到防控机制、检疫查验、设施物资、内部管理和宣传教育"五个到位"，首批复工职工${int(c, 10, 600)}人。`,
  REPAIR_COMMITMENT: (c) =>
    `当事人于${c.act}就"${c.repairedLabel ?? '失信'}"信息申请信用修复，签署《信用修复承诺书》，承诺已纠正失信行为、履行相关义务，今后依法诚信经营。`,
};

/** Legal basis per category; contract cases cite the Civil Code from its entry into force (2021-01-01). */
export function legalBasis(code: string, article: number, decisionDate: string): string {
  const contract = decisionDate >= '2021-01-01' ? '《中华人民共和国民法典》第五百七十七条' : '《中华人民共和国合同法》第一百零七条';
  const basis: Record<string, string> = {
    COUNTERFEIT_MEDICAL_GOODS: '《中华人民共和国产品质量法》第五条、第五十条',
    ILLEGAL_WILDLIFE_TRADE: '《中华人民共和国野生动物保护法》第二十七条、第四十八条',
    UNFAIR_COMPETITION: '《中华人民共和国反不正当竞争法》第七条、第八条、第二十条',
    EPIDEMIC_FALSE_ADVERTISING: '《中华人民共和国广告法》第二十八条、第五十五条',
    PRICE_NOT_MARKED: '《中华人民共和国价格法》第十三条、第四十二条',
    PRICE_GOUGING: '《中华人民共和国价格法》第十四条、第四十条；《价格违法行为行政处罚规定》第六条',
    HOARDING: '《中华人民共和国价格法》第十四条第（三）项、第四十条',
    MONOPOLY_PRICING: '《中华人民共和国价格法》第十四条第（一）项；《中华人民共和国反垄断法》',
    PROFITEERING: '《中华人民共和国价格法》第十四条、第四十条',
    REOPENING_NONCOMPLIANCE: '《中华人民共和国传染病防治法》第十二条',
    NO_HEALTH_MONITORING: '《中华人民共和国传染病防治法》第十二条',
    NO_DISINFECTION: decisionDate <= '2022-12-31' ? '《中华人民共和国传染病防治法》第二十七条' : '《公共场所卫生管理条例》第三条、第十四条',
    LABOUR_RELATIONS_VIOLATION: '《中华人民共和国劳动合同法》第三十条、第八十五条',
    CONCEALING_ILLNESS: '《中华人民共和国传染病防治法》第十二条；《中华人民共和国治安管理处罚法》第五十条',
    EVADING_QUARANTINE: '《中华人民共和国传染病防治法》第三十九条；《中华人民共和国治安管理处罚法》第五十条',
    REFUSING_PREVENTION_DUTIES: '《中华人民共和国治安管理处罚法》第五十条',
    SPREADING_RUMOURS: '《中华人民共和国治安管理处罚法》第二十五条',
    COUNTERFEIT_FOOD_AND_DRUGS: '《中华人民共和国药品管理法》第九十八条、第一百一十六条；《中华人民共和国食品安全法》第一百二十三条',
    NOT_WEARING_MASK: '《中华人民共和国传染病防治法》第十二条',
    JOINING_GATHERINGS: '《中华人民共和国传染病防治法》第十二条',
    CONTRACT_DEFAULT: contract,
    DELIVERY_DELAY: contract,
    LOAN_REPAYMENT_DELAY: '《征信业管理条例》第十五条',
    LATE_TAX: '《中华人民共和国税收征收管理法》第三十二条',
    LATE_SOCIAL_INSURANCE: '《中华人民共和国社会保险法》第八十六条',
  };
  return basis[code] ?? noticeArticle(article);
}
