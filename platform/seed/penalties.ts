import type { Faker } from '@faker-js/faker';
import type { PenaltyDetails, PenaltyType } from '../../subgraphs/records/penalty.js';
import type { RecordDraft } from './model.js';

/**
 * The 双公示 fields of the seeded penalties: what the decision imposed, following the law each category cites
 * (facts.ts, legalBasis) and the amounts its facts state (违法所得, 货值金额). Drawn from a generator of
 * their own, so the rest of the demo set is the same with or without them.
 */

/** 元 to 万元 as decimal text, to the fen (0.000001 万元), without a float ever being printed. */
export function wan(yuan: number): string {
  const fen = Math.round(yuan * 100);
  const whole = Math.floor(fen / 1_000_000);
  const fraction = String(fen % 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** An amount of 元 the facts state after `label` (违法所得5.2万元, 货值金额12000元), or null. */
function stated(facts: string, label: string): number | null {
  const match = new RegExp(`${label}"?(\\d+(?:\\.\\d+)?)(万?)元`).exec(facts);
  if (!match) return null;
  return Number(match[1]) * (match[2] ? 10_000 : 1);
}

interface Context {
  faker: Faker;
  draft: RecordDraft;
  /** 违法所得 (or 牟取暴利) stated in the facts, in 元. */
  gain: number | null;
  /** 货值金额 stated in the facts, in 元. */
  goodsValue: number | null;
}

const multiple = (c: Context, min: number, max: number): number => c.faker.number.int({ min: min * 10, max: max * 10 }) / 10;
/** A fine in whole hundreds of 元 between min and max 元. */
const between = (c: Context, min: number, max: number): number => c.faker.number.int({ min: min / 100, max: max / 100 }) * 100;
const times = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));
const serious = (c: Context): boolean => c.draft.severity === 'SERIOUS';

function details(
  types: PenaltyType[],
  content: string,
  amounts: { fine?: number; confiscated?: number; licence?: string } = {},
): PenaltyDetails {
  return {
    types,
    content,
    fineAmount: amounts.fine === undefined ? null : wan(amounts.fine),
    confiscatedAmount: amounts.confiscated === undefined ? null : wan(amounts.confiscated),
    licenceAffected: amounts.licence ?? null,
  };
}

/** 没收违法所得 and a fine of `factor` times it (价格违法行为行政处罚规定: 违法所得5倍以下). */
function gainAndFine(c: Context, gain: number, factor: number, opening: string): PenaltyDetails {
  const fine = Math.round(gain * factor);
  return details(['FINE', 'CONFISCATION'], `${opening}没收违法所得${wan(gain)}万元，并处违法所得${times(factor)}倍罚款${wan(fine)}万元。`, {
    fine,
    confiscated: gain,
  });
}

type Template = (c: Context) => PenaltyDetails;

const TEMPLATES: Readonly<Record<string, Template>> = {
  // 《产品质量法》第五十条: 没收产品和违法所得，并处货值金额50%以上3倍以下罚款；情节严重的，吊销营业执照.
  COUNTERFEIT_MEDICAL_GOODS: (c) => {
    const value = c.goodsValue ?? between(c, 5000, 100_000);
    const factor = multiple(c, 0.5, 3);
    const fine = Math.round(value * factor);
    const confiscated = c.gain ?? value;
    const what = c.gain ? `没收假冒产品及违法所得${wan(c.gain)}万元` : `没收假冒产品（货值${wan(value)}万元）`;
    if (!c.draft.subject.isPerson && serious(c) && c.faker.datatype.boolean(0.3)) {
      return details(
        ['FINE', 'CONFISCATION', 'LICENCE_REVOCATION'],
        `责令停止销售，${what}，并处货值金额${times(factor)}倍罚款${wan(fine)}万元；情节严重，吊销营业执照。`,
        {
          fine,
          confiscated,
          licence: `营业执照（统一社会信用代码${c.draft.subject.id}）`,
        },
      );
    }
    return details(['FINE', 'CONFISCATION'], `责令停止销售，${what}，并处货值金额${times(factor)}倍罚款${wan(fine)}万元。`, {
      fine,
      confiscated,
    });
  },
  // 《药品管理法》第一百一十六条 / 《食品安全法》第一百二十三条: confiscation and a fine by the goods' value, as above.
  COUNTERFEIT_FOOD_AND_DRUGS: (c) => TEMPLATES.COUNTERFEIT_MEDICAL_GOODS!(c),
  // 《野生动物保护法》第四十八条: 没收野生动物及其制品和违法所得，并处野生动物价值二倍以上十倍以下罚款.
  ILLEGAL_WILDLIFE_TRADE: (c) => {
    const gain = c.gain ?? between(c, 300, 20_000);
    const value = Math.round(gain * multiple(c, 1.2, 2));
    const factor = c.faker.number.int({ min: 2, max: 10 });
    const fine = value * factor;
    return details(
      ['FINE', 'CONFISCATION'],
      `没收野生动物及违法所得${wan(gain)}万元，并处野生动物价值（${wan(value)}万元）${factor}倍罚款${wan(fine)}万元。`,
      { fine, confiscated: gain },
    );
  },
  // 《反不正当竞争法》第二十条 (虚假宣传: 二十万元以上一百万元以下), 第十九条 (商业贿赂: 没收违法所得，十万元以上三百万元以下).
  UNFAIR_COMPETITION: (c) => {
    const bribe = stated(c.draft.facts, '回扣');
    if (bribe !== null) {
      const gain = Math.round(bribe * multiple(c, 1.5, 4));
      const fine = between(c, 100_000, 500_000);
      return details(['FINE', 'CONFISCATION'], `没收违法所得${wan(gain)}万元，并处罚款${wan(fine)}万元。`, { fine, confiscated: gain });
    }
    const fine = between(c, 200_000, serious(c) ? 1_000_000 : 600_000);
    return details(['FINE'], `责令停止违法行为，消除影响，处罚款${wan(fine)}万元。`, { fine });
  },
  // 《广告法》第五十五条: 广告费用无法计算或者明显偏低的，处二十万元以上一百万元以下罚款.
  EPIDEMIC_FALSE_ADVERTISING: (c) => {
    const fine = between(c, 200_000, serious(c) ? 1_000_000 : 500_000);
    return details(['FINE'], `责令停止发布违法广告，在相应范围内消除影响，处罚款${wan(fine)}万元。`, { fine });
  },
  // 《价格法》第四十二条: 责令改正，没收违法所得，可以并处五千元以下罚款.
  PRICE_NOT_MARKED: (c) => {
    if (c.draft.severity === 'MINOR' || c.faker.datatype.boolean(0.3)) return details(['WARNING'], '责令改正，给予警告。');
    const fine = between(c, 500, 5000);
    return details(['FINE'], `责令改正，处罚款${wan(fine)}万元。`, { fine });
  },
  // 《价格违法行为行政处罚规定》第六条: 没收违法所得，并处违法所得5倍以下罚款；情节严重的，责令停业整顿.
  PRICE_GOUGING: (c) => {
    const gain = c.gain ?? between(c, 1000, 50_000);
    const penalty = gainAndFine(c, gain, multiple(c, 1, 5), '责令改正，');
    if (!c.draft.subject.isPerson && serious(c) && c.faker.datatype.boolean(0.2)) {
      return {
        ...penalty,
        types: ['FINE', 'CONFISCATION', 'PRODUCTION_SUSPENSION'],
        content: penalty.content.replace(/。$/, `；责令停业整顿${c.faker.number.int({ min: 7, max: 30 })}日。`),
      };
    }
    return penalty;
  },
  // The same article, without 违法所得: 五万元以上五十万元以下；情节较重的五十万元以上三百万元以下.
  HOARDING: (c) => {
    const person = c.draft.subject.isPerson;
    const fine = serious(c) && !person ? between(c, 500_000, 1_000_000) : between(c, 50_000, person ? 100_000 : 500_000);
    return details(['FINE'], `责令改正，立即将囤积商品投放市场，处罚款${wan(fine)}万元。`, { fine });
  },
  // 第五条 (相互串通、操纵价格), 没有违法所得的: 十万元以上一百万元以下.
  MONOPOLY_PRICING: (c) => {
    const fine = between(c, 100_000, 600_000);
    return details(['FINE'], `责令改正，立即停止执行统一调价协议，处罚款${wan(fine)}万元。`, { fine });
  },
  PROFITEERING: (c) => gainAndFine(c, c.gain ?? between(c, 1000, 50_000), multiple(c, 1, 5), '责令改正，'),
};

/** Gives every administrative penalty among `drafts` its 双公示 fields, in the drafts' order (deterministic). */
export function assignPenalties(faker: Faker, drafts: RecordDraft[]): void {
  for (const draft of drafts) {
    if (draft.entry.kind !== 'ADMINISTRATIVE_PENALTY') continue;
    const template = TEMPLATES[draft.entry.code];
    if (!template) throw new Error(`seed: no penalty details for ${draft.entry.code}`);
    const gain = stated(draft.facts, '违法所得') ?? stated(draft.facts, '牟取暴利');
    draft.penalty = template({ faker, draft, gain, goodsValue: stated(draft.facts, '货值金额') });
  }
}
