import { labelOf, LICENCE_TYPES, PENALTY_TYPES } from '../kit/vocabulary.js';
import type { ReportContent, ReportLicence, ReportRecord } from './compose.js';
import { chinaDateTime } from '../kit/time.js';
import type { Block } from './text.js';

/**
 * The layout of format 2, in the section order of the national 公共信用信息报告标准 (2022年版): cover,
 * 报告说明, 基础信息, 公共信用信息概要, then the sections. Every line is signed text: what a copy must say.
 * Page numbers and the per-page header (number and QR code) are page furniture, added by the renderers.
 */

const LIST_LABELS: Record<string, string> = {
  RED: '诚信典型（红名单）',
  KEY_ATTENTION: '重点关注名单',
  JOINT_PUNISHMENT: '严重失信主体名单（联合惩戒对象名单）',
};
const SEVERITY: Record<string, string> = { MINOR: '轻微', GENERAL: '一般', SERIOUS: '严重' };
const STATUS: Record<string, string> = {
  ACTIVE: '有效',
  DISPUTED: '异议处理中',
  REPAIRED: '已信用修复',
  WITHDRAWN: '已撤销',
  EXEMPTED: '免予认定失信',
  DEFERRED: '暂缓报送',
  EXPIRED: '公示期满',
  PENDING_CORRECTION: '待更正',
};
const KIND: Record<string, string> = {
  LEGAL_PERSON: '法人',
  INDIVIDUAL_BUSINESS: '个体工商户',
  OTHER_ORGANISATION: '非法人组织',
  NATURAL_PERSON: '自然人',
};
const SUBJECT_STATUS: Record<string, string> = { ACTIVE: '存续（在营、开业）', REVOKED: '吊销', DEREGISTERED: '注销', MOVED_OUT: '迁出' };
const CURRENCY: Record<string, string> = { CNY: '人民币', USD: '美元', HKD: '港元', EUR: '欧元', JPY: '日元', GBP: '英镑' };
const LICENCE_STATUS: Record<string, string> = { VALID: '有效', EXPIRED: '已过期', REVOKED: '已撤销' };
const COMMITMENT: Record<string, string> = { IN_FORCE: '履行中', FULFILLED: '已履行', BREACHED: '已违诺' };
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
const SUB_NUMERALS = ['（一）', '（二）', '（三）', '（四）'];
const NONE = '无';

const isPerson = (content: ReportContent) => content.subject.kind === 'NATURAL_PERSON';

export function reportTitle(content: Pick<ReportContent, 'audience' | 'subject'>): string {
  if (content.audience === 'SPECIAL') return '专项信用报告';
  return content.subject.kind === 'NATURAL_PERSON' ? '个人公共信用信息报告' : '公共信用信息报告';
}

function edition(content: ReportContent): string {
  if (content.special) return `（代替有无违法违规记录证明·${content.special.fields.map((f) => f.label).join('、')}）`;
  if (content.audience === 'PUBLIC') return '（法人和非法人组织·公开版）';
  return isPerson(content) ? '（本人版）' : '（主体完整版）';
}

const labelled = (pairs: [string, string | null | undefined][]): Block[] =>
  pairs.filter(([, value]) => !!value).map(([label, value]) => ({ style: 'line', text: `${label}：${value}` }));

function capital(value: unknown): string | null {
  const c = value as { amount: string; currency: string } | null;
  return c ? `${c.amount}万元${CURRENCY[c.currency] ?? c.currency}` : null;
}

function cover(content: ReportContent, verifyUrl: string): Block[] {
  const s = content.subject as Record<string, string | null>;
  return [
    { style: 'title', text: reportTitle(content) },
    { style: 'subtitle', text: edition(content) },
    ...labelled([
      ['报告编号', content.number],
      [isPerson(content) ? '姓名' : '主体名称', s.name],
      ['统一社会信用代码', s.creditCode],
      ['身份证号', s.idNumberMasked],
      ['出具平台', content.platform],
      ['出具机构', content.issuer],
      ['出具时间', `${chinaDateTime(content.issuedAt)}（北京时间）`],
    ]).map((block) => ({ ...block, style: 'meta' as const })),
    { style: 'note', text: `验真：扫描二维码或访问 ${verifyUrl} ，输入报告编号核验报告是否真实、未被篡改。` },
    { style: 'break', text: '' },
  ];
}

function explanation(content: ReportContent): Block[] {
  const sources = content.sources.length ? content.sources.join('、') : '本报告未载有成员单位报送的信息';
  const scope = content.special
    ? `本报告为专项信用报告，依照江苏省以专项信用报告代替有无违法违规记录证明的做法出具：查询${content.special.fields.map((f) => f.label).join('、')}的成员单位在${content.special.from}至${content.special.to}期间报送的该主体行政处罚、失信行为信息和严重失信主体名单信息，载明查询的成员单位及查询结果，不含其他领域、其他期间的信息。`
    : content.audience === 'PUBLIC'
      ? '本报告为公开版，仅载有出具时依法公开的公共信用信息；未公开、已修复、公示期满或已撤销的信息不予展示。'
      : '本报告为主体本人版，载有该主体的全部公共信用信息（含未公开信息），仅供主体本人使用，请妥善保管，勿公开传播。';
  const items = [
    `本报告由${content.platform}依据《${content.ruleVersions.standard}》和${content.ruleVersions.notice}出具，信息来源于太仓市社会信用体系建设各成员单位依法报送的公共信用信息。本报告所载信息的报送单位：${sources}。`,
    scope,
    '本报告反映出具时间的信用信息状况。信息此后发生变化（新增、修复、撤销、更正，或列入、移出名单）的，再次申请将出具新编号的报告；原报告仍可验真，并提示已有更新的报告。',
    `信用修复：主体纠正失信行为、消除不良影响后，可依法申请信用修复；修复完成的失信信息不再公示，也不在公开版报告中展示${content.audience === 'PUBLIC' ? '' : '；本报告如实载明并标注“已信用修复”'}。`,
    '异议：主体认为报告所载信息有误的，可通过信用太仓提出异议申请，平台在规定时限内核实处理。',
    '验真：扫描每页右上角二维码或访问验真地址，输入报告编号可核验报告是否由本平台出具；上传报告文件可核验其内容是否被增加、删除或改动。',
  ];
  return [{ style: 'heading', text: '报告说明' }, ...items.map((text, i) => ({ style: 'line' as const, text: `${i + 1}. ${text}` }))];
}

function registration(content: ReportContent): Block[] {
  const s = content.subject as Record<string, string | null>;
  if (isPerson(content))
    return labelled([
      ['姓名', s.name],
      ['身份证号', s.idNumberMasked],
      ['所在镇区', s.district],
    ]);
  return labelled([
    ['名称', s.name],
    ['统一社会信用代码', s.creditCode],
    ['主体类型', KIND[s.kind ?? ''] ?? s.kind],
    ['企业类型', s.organisationType],
    ['法定代表人（负责人）', s.legalRepresentative],
    ['注册资本', capital(content.subject.registeredCapital)],
    ['成立日期', s.registeredOn],
    ['核准日期', s.approvedOn],
    ['登记机关', s.registrationAuthority],
    ['登记状态', SUBJECT_STATUS[s.status ?? ''] ?? s.status],
    ['住所', s.registeredAddress],
    ['所在镇区', s.district],
    ['所属行业', s.industry],
    ['经营范围', s.businessScope],
  ]);
}

const section = (content: ReportContent, key: string) => content.sections.find((s) => s.key === key)?.records ?? [];
const lists = (content: ReportContent, list: string) => content.lists.filter((m) => m.list === list);
const count = (n: number) => (n ? `${n}条` : NONE);

function summary(content: ReportContent): Block[] {
  const commitments = section(content, 'commitments');
  const breached = commitments.filter((r) => r.commitment?.status === 'BREACHED').length;
  const fulfilled = commitments.filter((r) => r.commitment?.status === 'FULFILLED').length;
  const lines: [string, string][] = content.special
    ? [
        ['行政处罚信息', count(section(content, 'penalties').length)],
        ['失信行为信息', count(section(content, 'dishonesty').length)],
        ['严重失信主体名单信息', count(lists(content, 'JOINT_PUNISHMENT').length)],
      ]
    : [
        ['行政许可信息', count(content.licences.length)],
        ['行政处罚信息', count(section(content, 'penalties').length)],
        ['失信行为信息', count(section(content, 'dishonesty').length)],
        ['严重失信主体名单信息', count(lists(content, 'JOINT_PUNISHMENT').length)],
        ['重点关注名单信息', count(lists(content, 'KEY_ATTENTION').length)],
        ['守信激励信息', count(lists(content, 'RED').length + section(content, 'honours').length)],
        ['信用承诺及履约信息', commitments.length ? `${commitments.length}条（已履行${fulfilled}条，违诺${breached}条）` : NONE],
      ];
  if (content.supervision) lines.push(['信用监管等级', `${content.supervision.level}级`]);
  if (content.points) lines.push(['娄城信用积分', `${content.points.balance}分（${content.points.level}）`]);
  return lines.map(([label, value]) => ({ style: 'line', text: `${label}：${value}` }));
}

const status = (r: ReportRecord) => STATUS[r.status] ?? r.status;

function penalty(r: ReportRecord, i: number): Block[] {
  const p = r.penalty;
  return [
    { style: 'item', text: `${i + 1}. ${r.label}${r.severity ? `（${SEVERITY[r.severity] ?? r.severity}）` : ''}` },
    ...labelled([
      ['行政处罚决定书文号', p?.decisionNumber ?? r.decisionNumber],
      ['处罚类别', p ? p.types.map((t) => labelOf(PENALTY_TYPES, t)).join('、') : '未报送（本条记录报送时尚未归集该项）'],
      ['处罚内容', p?.content ?? '未报送（本条记录报送时尚未归集该项）'],
      ['罚款金额', p?.fineAmount ? `${p.fineAmount}万元` : null],
      ['没收违法所得、没收非法财物的金额', p?.confiscatedAmount ? `${p.confiscatedAmount}万元` : null],
      ['暂扣或吊销证照名称及编号', p?.licenceAffected],
      ['违法事实', r.facts],
      ['处罚依据', r.legalBasis],
      ['处罚机关', r.reportingUnit],
      ['处罚决定日期', r.decisionDate],
      ['公示截止日期', r.publicUntil],
      ['信息状态', status(r)],
    ]),
  ];
}

function dishonesty(r: ReportRecord, i: number): Block[] {
  return [
    { style: 'item', text: `${i + 1}. ${r.label}${r.severity ? `（${SEVERITY[r.severity] ?? r.severity}）` : ''}` },
    ...labelled([
      ['文书号', r.decisionNumber],
      ['失信事实', r.facts],
      ['认定依据', r.legalBasis],
      ['认定单位', r.reportingUnit],
      ['认定日期', r.decisionDate],
      ['公示截止日期', r.publicUntil],
      ['信息状态', status(r)],
    ]),
  ];
}

function licence(l: ReportLicence, i: number): Block[] {
  return [
    { style: 'item', text: `${i + 1}. ${l.certificateName ?? l.content}` },
    ...labelled([
      ['行政许可决定文书号', l.decisionNumber],
      ['许可证书名称', l.certificateName],
      ['许可编号', l.certificateNumber],
      ['许可类别', labelOf(LICENCE_TYPES, l.type)],
      ['许可内容', l.content],
      ['许可决定日期', l.decisionDate],
      ['有效期', `${l.validFrom}至${l.validUntil ?? '长期'}`],
      ['许可机关', l.licensingUnit],
      ['当前状态', LICENCE_STATUS[l.status] ?? l.status],
    ]),
  ];
}

function honour(r: ReportRecord, i: number): Block[] {
  return [
    { style: 'item', text: `${i + 1}. ${r.label}` },
    ...labelled([
      ['事项', r.facts],
      ['认定单位', r.reportingUnit],
      ['认定日期', r.decisionDate],
    ]),
  ];
}

function commitment(r: ReportRecord, i: number): Block[] {
  const state = r.commitment ? (COMMITMENT[r.commitment.status] ?? r.commitment.status) : status(r);
  const breach = r.commitment?.breachedBy ? `（违诺记录：${r.commitment.breachedBy.decisionDate} ${r.commitment.breachedBy.label}）` : '';
  return [
    { style: 'item', text: `${i + 1}. ${r.label}` },
    ...labelled([
      ['承诺内容', r.facts],
      ['承诺受理单位', r.reportingUnit],
      ['承诺日期', r.decisionDate],
      ['履约情况', `${state}${breach}`],
    ]),
  ];
}

function membership(m: ReportContent['lists'][number], i: number): Block[] {
  return [
    { style: 'item', text: `${i + 1}. ${LIST_LABELS[m.list] ?? m.list}` },
    ...labelled([
      ['列入事由', m.reason],
      ['列入日期', m.since],
      ['移出日期', m.until ?? '—'],
    ]),
  ];
}

function entries<T>(items: T[], render: (item: T, i: number) => Block[], none = NONE): Block[] {
  return items.length ? items.flatMap(render) : [{ style: 'line', text: none }];
}

/** The standard's sections after the summary: administrative, dishonesty, lists, incentives, commitments, evaluation. */
function sections(
  content: ReportContent,
  heading: (title: string) => void,
  sub: (title: string, i: number) => Block,
  push: (blocks: Block[]) => void,
): void {
  heading('行政管理信息');
  push([sub('行政许可信息', 0), ...entries(content.licences, licence)]);
  push([sub('行政处罚信息', 1), ...entries(section(content, 'penalties'), penalty)]);
  heading('失信行为信息');
  push(entries(section(content, 'dishonesty'), dishonesty));
  heading('严重失信主体名单及其他名单信息');
  push([sub('严重失信主体名单', 0), ...entries(lists(content, 'JOINT_PUNISHMENT'), membership, '未列入')]);
  push([sub('重点关注名单', 1), ...entries(lists(content, 'KEY_ATTENTION'), membership, '未列入')]);
  heading('守信激励信息');
  push([sub('诚信典型（红名单）', 0), ...entries(lists(content, 'RED'), membership, '未列入')]);
  push([sub('荣誉表彰及守信行为', 1), ...entries(section(content, 'honours'), honour)]);
  heading('信用承诺及履约信息');
  push(entries(section(content, 'commitments'), commitment));
  if (content.supervision || content.points) {
    heading('信用评价信息');
    if (content.supervision) push([{ style: 'line', text: `信用监管等级：${content.supervision.level}级，${content.supervision.reason}` }]);
    if (content.points) push([{ style: 'line', text: `娄城信用积分：${content.points.balance}分，等级${content.points.level}` }]);
  }
  if (content.openObjections) {
    heading('异议处理中的信息');
    push(
      entries(content.openObjections, (o) => [
        { style: 'line', text: `${o.number}：${chinaDateTime(o.submittedAt).slice(0, 10)}提出，核实期限${o.verifyBy}` },
      ]),
    );
  }
}

/** 专项信用报告: the search (fields, period, units) and what it found. */
function specialSections(content: ReportContent, heading: (title: string) => void, push: (blocks: Block[]) => void): void {
  const scope = content.special!;
  heading('查询范围');
  push(
    labelled([
      ['查询领域', scope.fields.map((f) => f.label).join('、')],
      ['查询期间', `${scope.from}至${scope.to}`],
      ['查询的成员单位', scope.unitsSearched.join('、') || '无'],
    ]),
  );
  heading('查询结果');
  const found = [...section(content, 'penalties'), ...section(content, 'dishonesty')];
  const listed = lists(content, 'JOINT_PUNISHMENT');
  const period = `${scope.from}至${scope.to}期间`;
  push([
    {
      style: 'line',
      text: found.length
        ? `经查询，${period}上述成员单位报送该主体行政处罚、失信行为信息共${found.length}条，详见下列信息。`
        : `经查询，${period}上述成员单位未报送该主体的行政处罚、失信行为信息（无违法违规记录）。`,
    },
  ]);
  push([
    { style: 'line', text: listed.length ? `该主体在${period}被列入严重失信主体名单。` : `该主体在${period}未被列入严重失信主体名单。` },
  ]);
  if (section(content, 'penalties').length)
    push([{ style: 'subheading', text: '行政处罚信息' }, ...section(content, 'penalties').flatMap(penalty)]);
  if (section(content, 'dishonesty').length)
    push([{ style: 'subheading', text: '失信行为信息' }, ...section(content, 'dishonesty').flatMap(dishonesty)]);
  if (listed.length) push([{ style: 'subheading', text: '严重失信主体名单' }, ...listed.flatMap(membership)]);
}

export function blocksV2(content: ReportContent, verifyUrl: string): Block[] {
  const blocks: Block[] = [...cover(content, verifyUrl), ...explanation(content)];
  let n = 0;
  const heading = (title: string) => blocks.push({ style: 'heading', text: `${NUMERALS[n++]}、${title}` });
  const sub = (title: string, i: number): Block => ({ style: 'subheading', text: `${SUB_NUMERALS[i]}${title}` });
  const push = (more: Block[]) => blocks.push(...more);
  heading('基础信息');
  push(registration(content));
  if (content.special) specialSections(content, heading, push);
  else {
    heading('公共信用信息概要');
    push(summary(content));
    sections(content, heading, sub, push);
  }
  heading('适用规则');
  push([
    { style: 'line', text: `公示规则：${content.ruleVersions.disclosure.join('；') || '—'}` },
    {
      style: 'line',
      text: `依据：${content.ruleVersions.standard}；${content.ruleVersions.notice}；报告格式：${content.ruleVersions.report}`,
    },
  ]);
  blocks.push({ style: 'note', text: '（以下无正文）' });
  return blocks;
}
