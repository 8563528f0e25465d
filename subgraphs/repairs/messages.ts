import { messages } from '../kit/messages.js';

/** Chinese names of the vocabulary a refusal mentions (as schema/*.graphql describes them); the code stays beside it. */
const RECORD_KINDS: Record<string, string> = {
  ADMINISTRATIVE_PENALTY: '行政处罚',
  DISHONEST_CONDUCT: '失信行为',
  HONEST_CONDUCT: '守信行为',
  HONOR: '荣誉表彰',
  COMMITMENT: '信用承诺',
};
const RECORD_STATUSES: Record<string, string> = {
  ACTIVE: '有效',
  DEFERRED: '暂缓报送',
  EXEMPTED: '免予认定',
  DISPUTED: '异议处理中',
  REPAIRED: '已修复',
  WITHDRAWN: '已撤销',
  EXPIRED: '公示期满',
  PENDING_CORRECTION: '待更正',
};
const SEVERITIES: Record<string, string> = { MINOR: '轻微', GENERAL: '一般', SERIOUS: '严重' };
const REPAIR_STATES: Record<string, string> = {
  SUBMITTED: '已提交',
  ACCEPTED: '已受理',
  NOT_ACCEPTED: '不予受理',
  APPROVED: '准予修复',
  DENIED: '不予修复',
  WITHDRAWN: '已撤回',
};
const OBJECTION_STATES: Record<string, string> = {
  SUBMITTED: '核实中',
  CORRECTED: '已更正',
  WITHDRAWN: '已撤销记录',
  UPHELD: '维持原记录',
};
const GREEN_REASONS: Record<string, string> = {
  EPIDEMIC_PREVENTION: '参与疫情防控',
  MEDICAL_SUPPORT: '医疗支援',
  SUPPLY_ASSURANCE: '物资保供',
  HARD_HIT: '受疫情影响严重',
};

/** “中文名（CODE）”, or the code alone when it has no Chinese name here. */
const named = (names: Record<string, string>, code: string): string => (names[code] ? `${names[code]}（${code}）` : code);

/** The refusals of the repairs subgraph (信用修复, 异议, 培训, 不可抗力证明书) a person reads. */
export const REPAIRS_MESSAGES = messages({
  // Records as repairs knows them (applications and objections alike).
  REPAIRS_RECORD_UNKNOWN: () => ({
    zh: '信用修复服务中没有该记录（刚报送的记录几秒钟后才同步到此，请稍后再试）',
    en: 'names no record known to the repairs service (a record just reported arrives within seconds)',
  }),

  // 信用修复申请
  REPAIRS_APPLY_OWN_RECORDS_ONLY: () => ({
    zh: '主体只能为本主体的记录申请信用修复；单位只能代其报送记录的当事主体申请',
    en: 'a subject applies for its own records; a unit only on behalf of the subject of a record it reported',
  }),
  REPAIRS_RECORD_NOT_NEGATIVE: (p: { kind: string }) => ({
    zh: `只有失信信息可以申请信用修复，该记录为${named(RECORD_KINDS, p.kind)}`,
    en: `only negative records are repaired; this is ${p.kind}`,
  }),
  REPAIRS_CATEGORY_NOT_REPAIRABLE: (p: { category: string }) => ({
    zh: `该类别（${p.category}）的失信信息不予信用修复：按规定公示至最长公示期满，期满后自动停止公示`,
    en: `${p.category} records cannot be repaired: they stay on display for the whole maximum period and stop by themselves then`,
  }),
  REPAIRS_RECORD_EXPIRED: () => ({
    zh: '该记录公示期已届满，已停止公示，失信约束随之终止，无需也不再受理信用修复申请',
    en: 'the record’s period has ended: there is nothing to repair',
  }),
  REPAIRS_RECORD_NOT_ACTIVE: (p: { status: string }) => ({
    zh: `该记录当前状态为${named(RECORD_STATUSES, p.status)}，没有需要修复的内容`,
    en: `the record is ${p.status}: there is nothing to repair`,
  }),
  REPAIRS_MINIMUM_PERIOD_RUNNING: (p: { until: string }) => ({
    zh: `最短公示期至 ${p.until} 届满，请届时再申请信用修复`,
    en: `the minimum disclosure period runs until ${p.until}: apply from then`,
  }),
  REPAIRS_OBLIGATIONS_NOT_MET: () => ({
    zh: '须先履行处罚决定规定的义务，方可申请信用修复',
    en: 'the obligations the decision imposed must be met before repair',
  }),
  REPAIRS_CORRECTION_PROOF_EMPTY: () => ({
    zh: '不能为空：请说明或注明已纠正失信行为的证明材料',
    en: 'is empty: describe or reference the proof that the act was corrected',
  }),
  REPAIRS_COMMITMENT_REQUIRED: () => ({
    zh: '须签署《信用修复承诺书》',
    en: 'a signed repair commitment is required',
  }),
  REPAIRS_TRAINING_REQUIRED: (p: { severity: string }) => ({
    zh: `${named(SEVERITIES, p.severity)}失信信息须参加信用修复培训后方可修复：请填写该主体已参加的培训场次`,
    en: `a ${p.severity} record is repaired only after repair training: give the session the subject attended`,
  }),
  REPAIRS_GREEN_CHANNEL_EVIDENCE: (p: { reason: string }) => ({
    zh: `平台未登记该主体属于“${named(GREEN_REASONS, p.reason)}”情形：申请绿色通道须附证明材料`,
    en: `the subject is not known as ${p.reason}: attach evidence for the green channel`,
  }),
  REPAIRS_RECORD_MOVED: () => ({
    zh: '记录已由报送单位更正为其他主体，本申请未受理，请刷新后再办',
    en: 'the record now names another subject: the application was not filed; reload and try again',
  }),
  REPAIRS_APPLICATION_STILL_OPEN: (p: { number: string }) => ({
    zh: `该记录已有正在办理的信用修复申请 ${p.number}，请勿重复申请`,
    en: `application ${p.number} for this record is still open`,
  }),
  REPAIRS_APPLICATION_NOT_FOUND: (p: { id: string }) => ({
    zh: `未找到信用修复申请 ${p.id}`,
    en: `repair application ${p.id} not found`,
  }),
  REPAIRS_TRANSITION_NOT_ALLOWED: (p: { from: string; to: string }) => ({
    zh: `申请不能从“${named(REPAIR_STATES, p.from)}”变为“${named(REPAIR_STATES, p.to)}”`,
    en: `an application cannot go from ${p.from} to ${p.to}`,
  }),
  REPAIRS_DECIDER_ONLY: () => ({
    zh: '信用修复申请由市信用办或报送单位作出决定',
    en: 'the credit office or the reporting unit decides applications',
  }),
  REPAIRS_APPLICANT_ONLY_WITHDRAWS: () => ({
    zh: '只有申请人可以撤回申请',
    en: 'only the applicant withdraws an application',
  }),
  REPAIRS_DECISION_REASON_REQUIRED: (p: { to: string }) => ({
    zh: `决定“${named(REPAIR_STATES, p.to)}”时须说明理由`,
    en: `is required when an application is ${p.to}`,
  }),
  REPAIRS_APPLICATION_CHANGED: () => ({
    zh: '该申请刚被他人办理，状态已变化：请刷新后重试',
    en: 'the application changed meanwhile: reload it and try again',
  }),

  // 异议
  REPAIRS_OBJECTION_NOT_FOUND: (p: { id: string }) => ({
    zh: `未找到异议 ${p.id}`,
    en: `objection ${p.id} not found`,
  }),
  REPAIRS_OBJECTION_VERIFIER_ONLY: () => ({
    zh: '异议由报送该记录的单位（或市信用办）核实',
    en: 'the unit that reported the record verifies the objection (or the credit office)',
  }),
  REPAIRS_OBJECTION_CLOSED: (p: { state: string }) => ({
    zh: `该异议已办结（${named(OBJECTION_STATES, p.state)}），不能再办理`,
    en: `the objection is already ${p.state}`,
  }),
  REPAIRS_OBJECTION_SUBJECT_ONLY: () => ({
    zh: '异议由记录的当事主体提出',
    en: 'an objection is raised by the subject of the record',
  }),
  REPAIRS_OBJECTION_GROUNDS_EMPTY: () => ({
    zh: '不能为空：请说明该记录有何错误',
    en: 'is empty: say what is wrong with the record',
  }),
  REPAIRS_RECORD_AWAITING_CORRECTION: () => ({
    zh: '该记录的异议已核实属实，正待报送单位更正，暂停公示；更正后的记录报送后可再提出异议',
    en: 'the record is awaiting its correction: an objection may be raised again once the corrected record is sent',
  }),
  REPAIRS_OBJECTION_STILL_OPEN: (p: { number: string }) => ({
    zh: `该记录已有正在核实的异议 ${p.number}，请等待核实结果`,
    en: `objection ${p.number} on this record is still open`,
  }),
  REPAIRS_OBJECTION_ALREADY_EXTENDED: () => ({
    zh: '核实期限已延长过一次，不能再次延长',
    en: 'the verification period was already extended once',
  }),
  REPAIRS_EXTENSION_REASON_EMPTY: () => ({
    zh: '不能为空：请说明需要延长核实期限的原因',
    en: 'is empty: say why verification needs longer',
  }),
  REPAIRS_OUTCOME_REASON_EMPTY: () => ({
    zh: '不能为空：核实结论的理由将告知当事主体',
    en: 'is empty: the subject is told why',
  }),
  REPAIRS_OBJECTION_CHANGED: () => ({
    zh: '该异议刚被他人办理，状态已变化：请刷新后重试',
    en: 'the objection changed meanwhile: reload it and try again',
  }),
  REPAIRS_OVERDUE_OBJECTIONS_OWN_UNIT: () => ({
    zh: '成员单位只能查询本单位的逾期异议',
    en: 'a unit asks for itself: a member unit reads its own overdue objections',
  }),
  REPAIRS_WORK_QUEUE_OWN_UNIT: () => ({
    zh: '成员单位只能查看本单位的待办事项',
    en: 'a unit asks for itself: a member unit reads its own work queue',
  }),

  // 信用修复培训
  REPAIRS_TRAINING_OFFICE_ONLY: () => ({
    zh: '信用修复培训由市信用办组织',
    en: 'training sessions are run by the credit office',
  }),
  REPAIRS_TRAINING_DATE_INVALID: (p: { value: string }) => ({
    zh: `培训日期须为今天或以后的有效日期（YYYY-MM-DD），收到 ${p.value}`,
    en: `${p.value} must be a real date, today or later`,
  }),
  REPAIRS_TRAINING_CAPACITY: (p: { got: number }) => ({
    zh: `名额须为 1 到 1000 之间的整数，收到 ${p.got}`,
    en: `must be a whole number from 1 to 1000, got ${p.got}`,
  }),
  REPAIRS_TRAINING_SELF_ENROLMENT: () => ({
    zh: '信用修复培训由主体本人报名',
    en: 'subjects enrol themselves in repair training',
  }),
  REPAIRS_TRAINING_SESSION_PAST: () => ({
    zh: '该培训场次已经举行，不能再报名',
    en: 'this session has already taken place',
  }),
  REPAIRS_TRAINING_SESSION_FULL: () => ({
    zh: '该培训场次名额已满，请选择其他场次',
    en: 'this session is full: choose another',
  }),
  REPAIRS_TRAINING_SESSION_NOT_FOUND: (p: { id: string }) => ({
    zh: `未找到培训场次 ${p.id}`,
    en: `training session ${p.id} not found`,
  }),
  REPAIRS_TRAINING_ALREADY_ENROLLED: () => ({
    zh: '已报名该培训场次，无需重复报名',
    en: 'already enrolled in this session',
  }),
  REPAIRS_TRAINING_NOT_HELD_YET: (p: { heldOn: string }) => ({
    zh: `该培训场次定于${p.heldOn}举行，尚未举行，不能登记出勤；请在培训结束后登记`,
    en: `the session is held on ${p.heldOn} and has not taken place yet: record attendance after it`,
  }),
  REPAIRS_TRAINING_ENROLMENT_NOT_FOUND: (p: { subjectId: string; sessionId: string }) => ({
    zh: `未找到 ${p.subjectId} 报名培训场次 ${p.sessionId} 的记录`,
    en: `enrolment of ${p.subjectId} in session ${p.sessionId} not found`,
  }),
  REPAIRS_ATTENDANCE_OFFICE_ONLY: () => ({
    zh: '培训出勤由市信用办登记',
    en: 'attendance is recorded by the credit office',
  }),

  // 不可抗力事实性证明书
  REPAIRS_CERTIFICATE_ISSUERS_ONLY: () => ({
    zh: '不可抗力事实性证明书由市信用办和商务局出具',
    en: 'force-majeure certificates are issued by the credit office and the commerce bureau',
  }),
  REPAIRS_CERTIFICATE_SUBJECT_UNKNOWN: () => ({
    zh: '平台上没有使用该统一社会信用代码的组织',
    en: 'names no organisation on the platform',
  }),
  REPAIRS_CERTIFICATE_NOT_EXPORTER: () => ({
    zh: '证明书只出具给外贸出口企业：该主体的信用档案没有出口企业（EXPORTER）标签',
    en: 'certificates go to exporters (the credit file has no EXPORTER tag)',
  }),
  REPAIRS_CERTIFICATE_CONTRACTS_EMPTY: () => ({
    zh: '请至少列出一份受不可抗力影响的合同',
    en: 'name at least one contract the force majeure affected',
  }),
  REPAIRS_CERTIFICATE_PERIOD_REVERSED: () => ({
    zh: '不能早于起始日期（periodFrom）',
    en: 'is before periodFrom',
  }),
  REPAIRS_CERTIFICATE_FACTS_EMPTY: () => ({
    zh: '不能为空：请写明不可抗力的事实',
    en: 'is empty: state the force-majeure facts',
  }),

  // 工作日历
  REPAIRS_CALENDAR_NOT_LOADED: (p: { year: number; lastKnownYear: number }) => ({
    zh: `${p.year}年的工作日历尚未载入（已知至${p.lastKnownYear}年12月31日），期限无法计算，请待平台载入${p.year}年节假日安排后再办理`,
    en: `the working-day calendar for ${p.year} is not loaded yet (known up to 31 December ${p.lastKnownYear}): the deadline cannot be counted`,
  }),

  // Field rules (policy.ts): who may read or call what.
  REPAIRS_OVERDUE_APPLICATIONS_OFFICE_ONLY: () => ({
    zh: '逾期未办的信用修复申请清单仅向市信用办开放',
    en: 'the overdue list is for the credit office',
  }),
  REPAIRS_OVERDUE_OBJECTIONS_UNITS_ONLY: () => ({
    zh: '逾期异议清单仅向报送单位和市信用办开放',
    en: 'overdue objections are listed for the reporting units and the credit office',
  }),
  REPAIRS_WORK_QUEUE_UNITS_ONLY: () => ({
    zh: '待办事项仅向报送单位和市信用办开放',
    en: 'work queues are for the reporting units and the credit office',
  }),
  REPAIRS_APPLY_ROLES: () => ({
    zh: '信用修复由主体本人、成员单位或市信用办申请',
    en: 'subjects, member units and the credit office apply for repair',
  }),
  REPAIRS_MOVE_ROLES: () => ({
    zh: '信用修复申请由主体本人、成员单位或市信用办办理',
    en: 'subjects, member units and the credit office move applications',
  }),
  REPAIRS_VERIFY_ROLES: () => ({
    zh: '异议由报送单位或市信用办核实',
    en: 'the reporting unit or the credit office verifies objections',
  }),
  REPAIRS_EVIDENCE_DECIDERS_ONLY: () => ({
    zh: '申请的证明材料仅向作出决定的报送单位和市信用办展示',
    en: "an application's evidence is shown to the decider: the reporting unit and the credit office",
  }),
  REPAIRS_CERTIFICATE_FACTS_RESTRICTED: () => ({
    zh: '证明书所载事实仅向当事主体、成员单位和市信用办展示',
    en: "a certificate's facts are shown to the subject, member units and the credit office",
  }),
  REPAIRS_ENROLMENTS_RESTRICTED: () => ({
    zh: '培训报名情况仅向主体本人和市信用办展示',
    en: 'training enrolments are shown to the subject and the credit office',
  }),
});
