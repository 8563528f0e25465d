import type { Faker } from '@faker-js/faker';
import { addDays, addMonths } from '../../subgraphs/kit/time.js';
import { licenceContentHash, type LicenceType } from '../../subgraphs/records/licence.js';
import type { NewLicenceRow } from '../../subgraphs/records/tables.js';
import type { SeedOrganisation } from './organisations.js';
import { workdayNear } from './random.js';

/**
 * Administrative licences (行政许可) of the seeded organisations: the ones their line of business needs, from
 * the member unit that grants them in Taicang, renewed (延续) as they run out, so a file shows expired
 * licences beside the valid one. Organisations whose business licence was revoked have their last licence
 * revoked too. Lines of business no Taicang member unit licenses (software, trade agents…) have none.
 */

interface Licence {
  certificate: string;
  unitId: string;
  type: LicenceType;
  /** Validity in years; null: long-term (长期). */
  years: number | null;
  /** Prefix of the decision document number: 太市监食许〔2023〕12号. */
  decision: string;
  number(c: Context): string;
  content(c: Context): string;
}

interface Context {
  faker: Faker;
  org: SeedOrganisation;
  year: string;
  address: string;
}

const pick = <T>(c: Context, items: readonly T[]): T => c.faker.helpers.arrayElement(items);
const digits = (c: Context, length: number): string => c.faker.string.numeric({ length, allowLeadingZeros: true });
const count = (c: Context, min: number, max: number): number => c.faker.number.int({ min, max });
const named = (c: Context, ...parts: string[]): boolean => parts.some((part) => c.org.subject.name.includes(part));

const FOOD_SALE: Licence = {
  certificate: '食品经营许可证',
  unitId: 'market-regulation',
  type: 'GENERAL',
  years: 5,
  decision: '太市监食许',
  number: (c) => `JY1320585${digits(c, 7)}`,
  content: (c) =>
    `经营项目：预包装食品（${pick(c, ['含', '不含'])}冷藏冷冻食品）销售，散装食品（${pick(c, ['含', '不含'])}冷藏冷冻食品）销售${
      named(c, '药') ? '，保健食品销售' : pick(c, ['', '，特殊医学用途配方食品销售', '，婴幼儿配方乳粉销售'])
    }；经营场所：${c.address}。`,
};
const FOOD_SERVICE: Licence = {
  certificate: '食品经营许可证',
  unitId: 'market-regulation',
  type: 'GENERAL',
  years: 5,
  decision: '太市监食许',
  number: (c) => `JY2320585${digits(c, 7)}`,
  content: (c) =>
    `主体业态：餐饮服务经营者（${named(c, '酒楼', '大酒店') ? '大型' : named(c, '店', '馆') ? '小型' : '中型'}餐馆）；经营项目：热食类食品制售${pick(c, ['', '，冷食类食品制售', '，糕点类食品（含裱花蛋糕）制售', '，自制饮品制售'])}；经营场所：${c.address}。`,
};
const FOOD_PRODUCTION: Licence = {
  certificate: '食品生产许可证',
  unitId: 'market-regulation',
  type: 'GENERAL',
  years: 5,
  decision: '太市监食产许',
  number: (c) => `SC1${digits(c, 2)}320585${digits(c, 5)}`,
  content: (c) =>
    `食品类别：${named(c, '肉松') ? '肉制品（熟肉制品：肉松类）' : named(c, '粮油') ? pick(c, ['粮食加工品（大米）', '食用油、油脂及其制品（食用植物油）']) : named(c, '乳业') ? '乳制品（液体乳：巴氏杀菌乳、调制乳）' : pick(c, ['糕点（烘烤类糕点）', '速冻食品（速冻面米食品）', '饮料（蛋白饮料）'])}；生产地址：${c.address}。`,
};
const DRUGS: Licence = {
  certificate: '药品经营许可证',
  unitId: 'market-regulation',
  type: 'GENERAL',
  years: 5,
  decision: '太市监药许',
  number: (c) => `苏DA0585${digits(c, 4)}`,
  content: (c) =>
    `经营方式：药品零售${named(c, '连锁') ? '（连锁门店）' : ''}；经营范围：处方药、甲类非处方药、乙类非处方药：中成药、化学药、生物制品（除疫苗）${pick(c, ['', '、中药饮片'])}；注册地址：${c.address}。`,
};
const DEVICES: Licence = {
  certificate: '医疗器械经营许可证',
  unitId: 'market-regulation',
  type: 'GENERAL',
  years: 5,
  decision: '太市监械许',
  number: (c) => `苏苏药监械经营许${c.year}${digits(c, 4)}号`,
  content: (c) =>
    `经营方式：批零兼营；经营范围：Ⅲ类医疗器械：${pick(c, ['14-01注射、穿刺器械，14-02血管内输液器械', '14-10创面敷料，14-14医用防护器械', '6864医用卫生材料及敷料，6866医用高分子材料及制品'])}；库房地址：${c.address}。`,
};
const MEDICAL_INSTITUTION: Licence = {
  certificate: '医疗机构执业许可证',
  unitId: 'health',
  type: 'GENERAL',
  years: 5,
  decision: '太卫医许',
  number: (c) => `PDY${digits(c, 6)}32058517${pick(c, ['A', 'D', 'J'])}${digits(c, 4)}`,
  content: (c) =>
    `诊疗科目：${named(c, '口腔') ? '口腔科；医学影像科（X线诊断专业）' : named(c, '中医') ? '中医科（内科专业、针灸科专业）' : named(c, '康复') ? '康复医学科；内科' : '内科；外科；妇产科；医学检验科；医学影像科'}；${named(c, '医院') ? `床位${count(c, 20, 199)}张；` : ''}执业地址：${c.address}。`,
};
const RADIATION: Licence = {
  certificate: '放射诊疗许可证',
  unitId: 'health',
  type: 'GENERAL',
  years: 5,
  decision: '太卫放许',
  number: (c) => `（太）卫放证字（${c.year}）第${digits(c, 4)}号`,
  content: (c) =>
    `许可项目：X射线影像诊断（${pick(c, ['数字化X射线摄影系统（DR）', '口腔全景X射线机', '口腔CBCT', '计算机X射线体层摄影（CT）'])}）。`,
};
const PUBLIC_HYGIENE: Licence = {
  certificate: '公共场所卫生许可证',
  unitId: 'health',
  type: 'GENERAL',
  years: 4,
  decision: '太卫公许',
  number: (c) => `太卫公字〔${c.year}〕第${digits(c, 4)}号`,
  content: (c) =>
    `许可项目：${named(c, '理发') ? '美容美发场所（理发店）' : `住宿业（宾馆），客房${count(c, 20, 260)}间`}；地址：${c.address}。`,
};
const ROAD_TRANSPORT: Licence = {
  certificate: '道路运输经营许可证',
  unitId: 'transport',
  type: 'GENERAL',
  years: 4,
  decision: '太交运许',
  number: (c) => `苏交运管许可苏字320585${digits(c, 6)}号`,
  content: (c) =>
    named(c, '客运')
      ? `经营范围：省际包车客运，市际包车客运；营运客车${count(c, 5, 40)}辆。`
      : `经营范围：道路普通货物运输${pick(c, ['', '，货物专用运输（集装箱）', '，道路危险货物运输（第3类、第8类）'])}；营运货车${count(c, 5, 120)}辆。`,
};
const SPECIAL_EQUIPMENT: Licence = {
  certificate: '特种设备使用登记证',
  unitId: 'market-regulation',
  type: 'REGISTRATION',
  years: null,
  decision: '太市监特登',
  number: (c) => {
    const [code, head] =
      c.org.subject.sector === 'property'
        ? ['梯', '11']
        : c.org.subject.sector === 'construction'
          ? ['起', '17']
          : c.org.subject.sector === 'manufacturer'
            ? ['容', '17']
            : ['车', '11'];
    return `${code}${head}苏E${digits(c, 5)}（${c.year.slice(2)}）`;
  },
  content: (c) => {
    const sector = c.org.subject.sector;
    const what =
      sector === 'property'
        ? `曳引驱动乘客电梯${count(c, 2, 36)}台`
        : sector === 'construction'
          ? `塔式起重机${count(c, 1, 4)}台`
          : sector === 'manufacturer'
            ? `固定式压力容器（储气罐）${count(c, 1, 6)}台`
            : `场（厂）内专用机动车辆（叉车）${count(c, 2, 20)}台`;
    return `使用登记：${what}；使用地点：${c.address}。`;
  },
};
const SEEDS: Licence = {
  certificate: '农作物种子生产经营许可证',
  unitId: 'agriculture',
  type: 'GENERAL',
  years: 5,
  decision: '太农许',
  number: (c) => `D（苏太）农种许字（${c.year}）第${digits(c, 4)}号`,
  content: (c) =>
    `生产经营范围：${named(c, '水稻') ? '稻' : named(c, '蔬菜', '果蔬') ? '蔬菜' : pick(c, ['稻', '小麦'])}种子生产、经营；生产经营方式：生产、批发、零售；有效区域：太仓市。`,
};
const AQUACULTURE: Licence = {
  certificate: '水域滩涂养殖证',
  unitId: 'agriculture',
  type: 'FRANCHISE',
  years: 5,
  decision: '太农养许',
  number: (c) => `太仓市人民政府（${c.year}）养证第${digits(c, 5)}号`,
  content: (c) =>
    `养殖水域：${c.org.subject.district}，面积${count(c, 30, 600)}亩；养殖品种：${pick(c, ['青虾', '河蟹', '鲫鱼', '南美白对虾'])}；养殖方式：池塘养殖。`,
};
const TRAINING_SCHOOL: Licence = {
  certificate: '民办学校办学许可证',
  unitId: 'hrss',
  type: 'GENERAL',
  years: 5,
  decision: '太人社许',
  number: (c) => `人社民3205857${digits(c, 6)}号`,
  content: (c) =>
    `办学内容：${pick(c, ['电工、焊工', '育婴员、养老护理员', '中式烹调师、中式面点师', '数控车工、钳工'])}等职业技能培训；办学地址：${c.address}。`,
};
const NON_PROFIT: Licence = {
  certificate: '民办非企业单位登记证书',
  unitId: 'civil-affairs',
  type: 'REGISTRATION',
  years: null,
  decision: '太民登',
  number: (c) => c.org.subject.id,
  content: (c) =>
    `业务范围：${named(c, '养老') ? '为老年人提供生活照料、康复护理服务' : named(c, '医院', '门诊') ? '医疗服务、康复服务' : '社会工作服务、志愿服务组织与培训'}；住所：${c.address}。`,
};

/** What each line of business is licensed for, with the chance an organisation of it holds each. */
function licencesFor(c: Context): Licence[] {
  const chance = (p: number, licence: Licence): Licence[] => (c.faker.datatype.boolean(p) ? [licence] : []);
  switch (c.org.subject.sector) {
    case 'pharmacy':
    case 'ind_pharmacy':
      return [DRUGS, ...chance(0.5, FOOD_SALE)];
    case 'medical_maker':
      return [DEVICES, ...chance(0.5, SPECIAL_EQUIPMENT)];
    case 'hospital':
      return [MEDICAL_INSTITUTION, ...chance(0.6, RADIATION)];
    case 'clinic':
      return [NON_PROFIT, MEDICAL_INSTITUTION, ...chance(0.3, RADIATION)];
    case 'supermarket':
    case 'ind_grocery':
      return [FOOD_SALE];
    case 'restaurant':
    case 'ind_restaurant':
      return [FOOD_SERVICE];
    case 'hotel':
      return [PUBLIC_HYGIENE, ...chance(0.7, FOOD_SERVICE)];
    case 'ind_service':
      return named(c, '理发') ? [PUBLIC_HYGIENE] : [];
    case 'tourism':
      return named(c, '客运') ? [ROAD_TRANSPORT] : [];
    case 'logistics':
      return [ROAD_TRANSPORT, ...chance(0.4, SPECIAL_EQUIPMENT)];
    case 'food_maker':
      return [FOOD_PRODUCTION, ...chance(0.3, SPECIAL_EQUIPMENT)];
    case 'manufacturer':
      return chance(0.7, SPECIAL_EQUIPMENT);
    case 'construction':
      return chance(0.6, SPECIAL_EQUIPMENT);
    case 'property':
      return [SPECIAL_EQUIPMENT];
    case 'trading':
      return named(c, '商贸') ? chance(0.5, FOOD_SALE) : [];
    case 'coop':
      return named(c, '水产') ? [AQUACULTURE] : chance(0.6, SEEDS);
    case 'social':
      return named(c, '培训学校') ? [TRAINING_SCHOOL] : [NON_PROFIT];
    default:
      return [];
  }
}

type Draft = Omit<NewLicenceRow, 'decisionNumber' | 'contentHash'> & { prefix: string; name: string };

/** One licence and its renewals up to today; the licences of an organisation no longer trading stop or are revoked. */
function chain(c: Context, licence: Licence, today: string): Draft[] {
  const { org, faker } = c;
  const registeredOn = org.row.registeredOn ?? '2015-01-01';
  // The platform holds the licences of the last two validity periods (双公示 since 2015); long-term ones as granted.
  const earliest = licence.years ? addMonths(today, -12 * licence.years * 2) : '2015-01-01';
  const spread = licence.years ? 365 * licence.years : 365 * 3;
  let decisionDate = workdayNear(
    addDays(registeredOn > earliest ? registeredOn : earliest, faker.number.int({ min: 10, max: spread })),
    today,
  );
  const lapses = !org.subject.active || faker.datatype.boolean(0.05);
  const drafts: Draft[] = [];
  for (;;) {
    const year = decisionDate.slice(0, 4);
    const context = { ...c, year };
    const validUntil = licence.years ? addDays(addMonths(decisionDate, 12 * licence.years), -1) : null;
    drafts.push({
      subjectId: org.subject.id,
      name: org.subject.name,
      subjectIsPerson: false,
      reportingUnitId: licence.unitId,
      prefix: licence.decision,
      certificateName: licence.certificate,
      certificateNumber: licence.number(context),
      type: licence.type,
      content: licence.content(context),
      decisionDate,
      validFrom: decisionDate,
      validUntil,
      revoked: false,
    });
    if (!validUntil || validUntil >= today || (lapses && faker.datatype.boolean(0.6))) break;
    // 延续: decided shortly before the old one runs out.
    decisionDate = workdayNear(addDays(validUntil, -faker.number.int({ min: 10, max: 60 })), today);
  }
  if (org.row.status === 'REVOKED') drafts.at(-1)!.revoked = true;
  return drafts;
}

/** The licences of all organisations; decision numbers run in date order per unit prefix and year. */
export function generateLicences(faker: Faker, organisations: SeedOrganisation[], today: string): NewLicenceRow[] {
  const drafts = organisations.flatMap((org) => {
    const c: Context = { faker, org, year: '', address: org.row.registeredAddress ?? `江苏省太仓市${org.subject.district}` };
    return licencesFor(c).flatMap((licence) => chain(c, licence, today));
  });
  const next = new Map<string, number>();
  return drafts
    .map((draft, index) => ({ draft, index }))
    .sort((a, b) => a.draft.decisionDate.localeCompare(b.draft.decisionDate) || a.index - b.index)
    .map(({ draft: { prefix, name, ...row } }) => {
      const key = `${prefix}:${row.decisionDate.slice(0, 4)}`;
      const seq = (next.get(key) ?? faker.number.int({ min: 0, max: 20 })) + faker.number.int({ min: 1, max: 4 });
      next.set(key, seq);
      return {
        ...row,
        decisionNumber: `${prefix}〔${row.decisionDate.slice(0, 4)}〕${seq}号`,
        contentHash: licenceContentHash({ ...row, name }),
      };
    });
}
