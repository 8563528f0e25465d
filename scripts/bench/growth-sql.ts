/**
 * The SQL bench:growth runs (growth.ts): the generation's vocabulary (hot files, list rules, lift reasons), the
 * helper functions and template tables it creates, and the statements of one chunk of generated subjects.
 */
import { EXPIRED_REASON, RED_LAPSED_REASON } from '../../subgraphs/incentives/membership-plan.js';
import { EFFECTIVE_STATUSES, LIST_RULES, liftReason, type RecordFact } from '../../subgraphs/incentives/rules.js';
import { NEGATIVE_KINDS } from '../../subgraphs/kit/vocabulary.js';
/** Hot organisations: about one in a thousand, and those among the first five generated (so a small run has some). */
export const HOT_SHARE = 0.001;
/** A hot file's weight against an ordinary one's mean of 1: 30/√u, capped (about 560 records on average, 5,700 at most, at 10 a file). */
export const HOT_SCALE = 30;
export const HOT_CAP = 600;
/** The "many records" file read after growth: the largest generated organisation's up to this many records. */
export const HOT_PICK_MAX = 1000;

export const G = 'bench_growth';

/** A SQL string literal (the values are the rules' own, quoted anyway). */
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
const quoted = (values: readonly string[]) => values.map(literal).join(', ');
const NEGATIVE = quoted(NEGATIVE_KINDS);
const EFFECTIVE = quoted(EFFECTIVE_STATUSES);
/** "Today" as the subgraphs reckon it (kit/time.ts chinaToday). */
const TODAY = `(now() at time zone 'Asia/Shanghai')::date`;
/** How long a cause keeps its membership (desiredMemberships): the red list from the decision, the others to the end of effect. */
const causeUntil = [...new Map(LIST_RULES.map((rule) => [rule.list, rule.months])).entries()]
  .map(([list, months]) =>
    list === 'RED'
      ? `when ${literal(list)} then f.decision_date + interval '${months} months'`
      : `when ${literal(list)} then coalesce(f.effect_until, f.decision_date + interval '${months} months')`,
  )
  .join(' ');
const array = (values: readonly string[] | undefined) => (values ? `array[${quoted(values)}]::text[]` : 'null::text[]');
const LIST_RULE_ROWS = LIST_RULES.map(
  (rule) => `(${literal(rule.list)}, ${array(rule.kinds)}, ${array(rule.severities)}, ${array(rule.categories)}, ${literal(rule.reason)})`,
).join(', ');
/** The statuses that end a record's consequences (records' disclosure.ts), each with the reason the rules give. */
const LIFTING_STATUSES = ['REPAIRED', 'WITHDRAWN', 'EXEMPTED', 'DEFERRED', 'PENDING_CORRECTION'];
const reasonOf = (list: string, status: string) => {
  // liftReason reads only the status of a record that is still its subject's.
  const fact: RecordFact = {
    recordId: '',
    subjectId: '',
    subjectIsPerson: false,
    category: '',
    categoryLabel: '',
    kind: '',
    severity: null,
    status,
    decisionDate: '',
    effectUntil: null,
  };
  return liftReason(list, fact);
};
/** Why a cause is not wanted: its record's status, its time over, or (red list) a negative record counting. */
const liftReasons = [...new Set(LIST_RULES.map((rule) => rule.list))]
  .map(
    (list) =>
      `when list = ${literal(list)} then case when not effective then case status ${LIFTING_STATUSES.map(
        (status) => `when ${literal(status)} then ${literal(reasonOf(list, status))}`,
      ).join(' ')} else ${literal(reasonOf(list, 'WITHDRAWN'))} end when until < ${TODAY} then ${literal(
        list === 'RED' ? RED_LAPSED_REASON : EXPIRED_REASON,
      )} else ${literal(reasonOf(list, 'ACTIVE'))} end`,
  )
  .join(' ');

/** Helpers in a schema of their own, dropped at the end: hashing a key to [0,1), to a uuid, a credit code's check character. */
export const HELPERS = [
  `create schema ${G}`,
  `create function ${G}.u(k text) returns float8 language sql immutable parallel safe as
  $$ select ('x' || substr(md5(k), 1, 13))::bit(52)::bigint / 4503599627370496.0 $$`,
  `create function ${G}.id(k text) returns uuid language sql immutable parallel safe as
  $$ select overlay(overlay(md5(k) placing '4' from 13) placing 'a' from 17)::uuid $$`,
  // GB 32100-2015, as subgraphs/kit/identifiers.ts creditCodeCheckChar.
  `create function ${G}.credit_code(head text) returns text language sql immutable parallel safe as $$
  select head || substr(a, (31 - (sum((strpos(a, substr(head, i::int, 1)) - 1) * w) % 31)::int) % 31 + 1, 1)
  from (select '0123456789ABCDEFGHJKLMNPQRTUWXY'::text as a) as alphabet,
    unnest(array[1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]) with ordinality as x(w, i)
  group by a
$$`,
];

/** The demo set as templates: every subject, every record and what the consumers made of it. */
export const TEMPLATES = [
  `create table ${G}.subject_template as select (row_number() over (order by id) - 1)::int as n, s.* from subjects.subjects s`,
  `create unique index on ${G}.subject_template (n)`,
  `create table ${G}.record_template as
    select (row_number() over (partition by subject_is_person order by reporting_unit_id, unit_reference) - 1)::int as n, r.*
    from records.credit_records r`,
  `create unique index on ${G}.record_template (subject_is_person, n)`,
  ...Object.entries({
    fact_template: 'incentives.record_facts',
    projection_template: 'repairs.record_projection',
    announcement_template: 'records.record_announcements',
    version_template: 'records.record_versions',
    application_template: 'repairs.repair_applications',
    objection_template: 'repairs.objections',
    state_change_template: 'repairs.state_changes',
    designation_template: 'subjects.designations',
    licence_template: 'records.administrative_licences',
  }).map(([template, table]) => `create table ${G}.${template} as select * from ${table}`),
  `create table ${G}.points_template as select * from incentives.points_entries where record_id is not null`,
];

/** Each step of a chunk: its phase (for the timings), the table it writes (for the row counts), its SQL. */
interface Step {
  phase: string;
  table?: string;
  /** One statement (PGlite's extended protocol takes no more), of the chunk's subjects `lo` < g ≤ `hi`. */
  sql: string | ((chunk: { lo: number; hi: number }) => string);
}

export function chunkSteps(templates: { persons: number; organisations: number }): Step[] {
  const subjectCols = `kind, name, credit_code, credit_code_checksum_valid, id_number_encrypted, id_number_masked, legal_representative,
    registered_address, district, industry, registered_on, status, tags, registered_capital_amount, registered_capital_currency,
    organisation_type, business_scope, registration_authority, approved_on, created_at, updated_at`;
  const directory = (table: string): Step => ({
    phase: 'subject directories (records, incentives, repairs)',
    table,
    sql: `insert into ${table} (subject_id, kind, district, tags, updated_at)
      select s.id, t.kind, t.district, t.tags, t.updated_at from chunk_subjects s join ${G}.subject_template t on t.id = s.template`,
  });
  const cases = `(select id, record_id, subject_id from ${G}.application_template union all select id, record_id, subject_id from ${G}.objection_template)`;
  return [
    {
      phase: 'plan of the chunk',
      sql: ({ lo, hi }) => `create temp table chunk_subjects on commit drop as
        select g, id, is_person, template, first_n, last_n from ${G}.subject_plan where g > ${lo} and g <= ${hi}`,
    },
    {
      phase: 'plan of the chunk',
      sql: `create temp table chunk_records on commit drop as
        select r.n, s.g, s.id as subject_id, s.is_person, t.id as template, ${G}.id('record/' || r.n) as id
        from chunk_subjects s
        cross join lateral generate_series(s.first_n, s.last_n) as r(n)
        join ${G}.record_template t on t.subject_is_person = s.is_person
          and t.n = floor(${G}.u('template/' || r.n) * (case when s.is_person then ${templates.persons} else ${templates.organisations} end))::int
        -- Written in this order, each insert reading it through: one file's records end up on different pages.
        order by id`,
    },
    { phase: 'plan of the chunk', sql: 'analyze chunk_subjects' },
    { phase: 'plan of the chunk', sql: 'analyze chunk_records' },
    {
      phase: 'subjects (files, designations, licences)',
      table: 'subjects.subjects',
      sql: `insert into subjects.subjects (id, ${subjectCols})
        select s.id, t.kind,
          case when s.is_person then t.name else t.name || '（' || s.g || '）' end,
          case when s.is_person then null else s.id end,
          case when s.is_person then null else true end,
          t.id_number_encrypted, t.id_number_masked, t.legal_representative, t.registered_address, t.district, t.industry,
          t.registered_on, t.status, t.tags, t.registered_capital_amount, t.registered_capital_currency, t.organisation_type,
          t.business_scope, t.registration_authority, t.approved_on, t.created_at, t.updated_at
        from chunk_subjects s join ${G}.subject_template t on t.id = s.template
        order by s.g`,
    },
    {
      phase: 'subjects (files, designations, licences)',
      table: 'subjects.designations',
      sql: `insert into subjects.designations (subject_id, tags, reason, by, at)
        select s.id, d.tags, d.reason, d.by, d.at from chunk_subjects s join ${G}.designation_template d on d.subject_id = s.template
        order by s.g, d.id`,
    },
    {
      phase: 'subjects (files, designations, licences)',
      table: 'records.administrative_licences',
      sql: `insert into records.administrative_licences (id, subject_id, subject_is_person, reporting_unit_id, decision_number,
          certificate_name, certificate_number, type, content, decision_date, valid_from, valid_until, revoked, version, content_hash,
          reported_at, updated_at)
        select ${G}.id('licence/' || s.g || '/' || l.id), s.id, s.is_person, l.reporting_unit_id, l.decision_number || '-G' || s.g,
          l.certificate_name, l.certificate_number || '-G' || s.g, l.type, l.content, l.decision_date, l.valid_from, l.valid_until,
          l.revoked, l.version, encode(sha256(convert_to(l.content_hash || '/' || s.g, 'UTF8')), 'hex'), l.reported_at, l.updated_at
        from chunk_subjects s join ${G}.licence_template l on l.subject_id = s.template`,
    },
    directory('records.subject_directory'),
    directory('incentives.subject_facts'),
    directory('repairs.subject_projection'),
    {
      phase: 'events (outboxes)',
      table: 'subjects.outbox',
      sql: `insert into subjects.outbox (type, subject_id, payload)
        select 'subject.registered', s.id, jsonb_build_object('subjectId', s.id, 'kind', t.kind, 'district', t.district, 'tags', to_jsonb(t.tags))
        from chunk_subjects s join ${G}.subject_template t on t.id = s.template order by s.g`,
    },
    {
      phase: 'credit records',
      table: 'records.credit_records',
      sql: `insert into records.credit_records (id, subject_id, subject_is_person, kind, category, severity, status, reporting_unit_id,
          unit_reference, decision_date, facts, legal_basis, disclosure_rule, minimum_until, public_from, public_until,
          rectification_deadline, rectification_extensions, rectification_outcome, rectified_on, rectification_outcomes,
          commitment_status, breach_record_id, breach_of_record_id, deferred_until, tolerance_decision, penalty, version, content_hash,
          reported_at, updated_at)
        select c.id, c.subject_id, c.is_person, t.kind, t.category, t.severity, t.status, t.reporting_unit_id,
          case when t.unit_reference ~ '[0-9]+号$' then regexp_replace(t.unit_reference, '[0-9]+号$', 'G' || c.n || '号')
            else t.unit_reference || '-G' || c.n end,
          t.decision_date, t.facts, t.legal_basis, t.disclosure_rule, t.minimum_until, t.public_from, t.public_until,
          t.rectification_deadline, t.rectification_extensions, t.rectification_outcome, t.rectified_on, t.rectification_outcomes,
          t.commitment_status, null, null, t.deferred_until, t.tolerance_decision, t.penalty, t.version,
          encode(sha256(convert_to(t.content_hash || '/' || c.n, 'UTF8')), 'hex'), t.reported_at, t.updated_at
        from chunk_records c join ${G}.record_template t on t.id = c.template`,
    },
    {
      phase: 'events (outboxes)',
      table: 'records.outbox',
      sql: `insert into records.outbox (type, subject_id, payload)
        select 'subject.seen', s.id, jsonb_build_object('subjectId', s.id, 'kind', x.kind, 'name', x.name, 'creditCode', x.credit_code,
          'creditCodeChecksumValid', x.credit_code_checksum_valid, 'idNumberEncrypted', x.id_number_encrypted, 'idNumberMasked', x.id_number_masked)
        from chunk_subjects s join subjects.subjects x on x.id = s.id
        where s.first_n <= s.last_n order by s.g`,
    },
    { phase: 'events (outboxes)', sql: 'create temp table chunk_events (outbox_id bigint, record_id uuid) on commit drop' },
    {
      phase: 'events (outboxes)',
      table: 'records.outbox',
      sql: `with event as (
          insert into records.outbox (type, subject_id, payload)
          select 'record.created', c.subject_id, jsonb_build_object('id', c.id, 'subjectId', c.subject_id, 'subjectIsPerson', c.is_person,
            'category', t.category, 'categoryLabel', f.category_label, 'kind', t.kind, 'severity', t.severity, 'status', t.status,
            'decisionDate', t.decision_date, 'minimumUntil', t.minimum_until, 'publicUntil', t.public_until, 'effectUntil', f.effect_until,
            'deferredUntil', t.deferred_until, 'reportingUnitId', t.reporting_unit_id, 'version', t.version, 'repairable', p.repairable)
          from chunk_records c join ${G}.record_template t on t.id = c.template
          left join ${G}.fact_template f on f.record_id = c.template
          left join ${G}.projection_template p on p.record_id = c.template
          returning id, (payload ->> 'id')::uuid as record_id)
        insert into chunk_events select id, record_id from event`,
    },
    {
      phase: 'record projections (incentives, repairs, announcements, versions)',
      table: 'incentives.record_facts',
      sql: `insert into incentives.record_facts (record_id, subject_id, subject_is_person, category, category_label, kind, severity, status,
          decision_date, public_until, deferred_until, reporting_unit_id, effect_until, version, feed_txid, feed_id, updated_at)
        select c.id, c.subject_id, c.is_person, f.category, f.category_label, f.kind, f.severity, f.status, f.decision_date, f.public_until,
          f.deferred_until, f.reporting_unit_id, f.effect_until, f.version, pg_current_xact_id()::text::bigint, e.outbox_id, f.updated_at
        from chunk_records c join ${G}.fact_template f on f.record_id = c.template join chunk_events e on e.record_id = c.id`,
    },
    {
      phase: 'record projections (incentives, repairs, announcements, versions)',
      table: 'repairs.record_projection',
      sql: `insert into repairs.record_projection (record_id, subject_id, subject_is_person, category, kind, severity, status, decision_date,
          minimum_until, reporting_unit_id, version, repairable, updated_at)
        select c.id, c.subject_id, c.is_person, p.category, p.kind, p.severity, p.status, p.decision_date, p.minimum_until,
          p.reporting_unit_id, p.version, p.repairable, p.updated_at
        from chunk_records c join ${G}.projection_template p on p.record_id = c.template`,
    },
    {
      phase: 'record projections (incentives, repairs, announcements, versions)',
      table: 'records.record_announcements',
      // The record's updated_at is the template's, so the sweep finds each announced as the demo's was.
      sql: `insert into records.record_announcements (record_id, status, record_updated_at, announced_at)
        select c.id, a.status, a.record_updated_at, a.announced_at
        from chunk_records c join ${G}.announcement_template a on a.record_id = c.template`,
    },
    {
      phase: 'record projections (incentives, repairs, announcements, versions)',
      table: 'records.record_versions',
      sql: `insert into records.record_versions (record_id, version, content, replaced_at, replaced_by)
        select c.id, v.version, v.content || jsonb_build_object('subjectId', c.subject_id), v.replaced_at, v.replaced_by
        from chunk_records c join ${G}.version_template v on v.record_id = c.template
        order by c.id, v.version`,
    },
    {
      phase: 'points and memberships (incentives)',
      table: 'incentives.points_entries',
      sql: `insert into incentives.points_entries (id, subject_id, delta, reason, record_id, at, entry_kind, basis)
        select ${G}.id('points/' || c.n || '/' || e.id), c.subject_id, e.delta, e.reason, c.id, e.at, e.entry_kind, e.basis
        from chunk_records c join ${G}.points_template e on e.record_id = c.template
        order by e.at`,
    },
    {
      phase: 'points and memberships (incentives)',
      // Every record a list rule matches is a cause (rules.ts LIST_RULES), judged as desiredMemberships judges
      // it today: wanted while the record is effective and its time lasts, and on the red list only while no
      // negative record of the file counts against it; any other was lifted, with the reason the rules give.
      sql: `create temp table chunk_causes on commit drop as
        with blocked as (
          select distinct c.g from chunk_records c join ${G}.fact_template f on f.record_id = c.template
          where f.kind in (${NEGATIVE}) and f.status in (${EFFECTIVE}) and (f.effect_until is null or f.effect_until >= ${TODAY})
        ), cause as materialized (
          select distinct on (c.g, rule.list, c.id) c.g, c.subject_id, c.id as record_id, rule.list, rule.reason, f.decision_date, f.status,
            (case rule.list ${causeUntil} end)::date as until, f.status in (${EFFECTIVE}) as effective
          from chunk_records c join ${G}.fact_template f on f.record_id = c.template
          join (values ${LIST_RULE_ROWS}) as rule(list, kinds, severities, categories, reason)
            on (rule.kinds is null or f.kind = any(rule.kinds)) and (rule.severities is null or coalesce(f.severity, '') = any(rule.severities))
              and (rule.categories is null or f.category = any(rule.categories))
          order by c.g, rule.list, c.id
        ), judged as (
          select cause.*, cause.effective and cause.until >= ${TODAY} and not (cause.list = 'RED' and blocked.g is not null) as wanted
          from cause left join blocked on blocked.g = cause.g
        )
        select judged.*, case when wanted then null ${liftReasons} end as lift_reason from judged`,
    },
    {
      phase: 'points and memberships (incentives)',
      sql: `create temp table chunk_memberships on commit drop as
        select g, list, ${G}.id('membership/' || g || '/' || list) as id, bool_or(wanted) as open from chunk_causes group by g, list`,
    },
    { phase: 'points and memberships (incentives)', sql: 'analyze chunk_causes' },
    { phase: 'points and memberships (incentives)', sql: 'analyze chunk_memberships' },
    {
      phase: 'points and memberships (incentives)',
      table: 'incentives.list_memberships',
      // One membership per file and list (list_memberships_one_open_idx): open from its earliest wanted cause to
      // its latest, as planSubject opens one; else history, ended with the reason of its cause lifted last.
      sql: `insert into incentives.list_memberships (id, subject_id, list, reason, since, until, ended_at, end_reason, origin, created_at)
        select m.id, min(c.subject_id), m.list, min(c.reason),
          case when m.open then min(c.decision_date) filter (where c.wanted) else min(c.decision_date) end,
          case when m.open then max(c.until) filter (where c.wanted) else max(c.until) end,
          case when not m.open then least(max(c.until), ${TODAY})::timestamptz end,
          case when not m.open then (array_agg(c.lift_reason order by c.until desc))[1] end,
          'RULE', min(c.decision_date)::timestamptz
        from chunk_memberships m join chunk_causes c on c.g = m.g and c.list = m.list
        group by m.g, m.list, m.id, m.open`,
    },
    {
      phase: 'points and memberships (incentives)',
      table: 'incentives.membership_causes',
      // Under an open membership a cause no longer wanted is lifted (planSubject lifts it); an ended membership keeps its causes as they were.
      sql: `insert into incentives.membership_causes (membership_id, record_id, lifted_at, lift_reason)
        select m.id, c.record_id,
          case when m.open and not c.wanted then least(c.until, ${TODAY})::timestamptz end,
          case when m.open and not c.wanted then c.lift_reason end
        from chunk_causes c join chunk_memberships m on m.g = c.g and m.list = c.list`,
    },
    {
      phase: 'repair cases (applications, objections, history)',
      table: 'repairs.repair_applications',
      sql: `insert into repairs.repair_applications (id, number, query_code_hash, record_id, subject_id, reporting_unit_id, state, green_channel,
          submission, submitted_at, accept_by, decide_by, decided_at, reason)
        select ${G}.id('case/' || c.n || '/' || a.id), a.number || '-' || c.n, a.query_code_hash, c.id, c.subject_id, a.reporting_unit_id,
          a.state, a.green_channel, a.submission, a.submitted_at, a.accept_by, a.decide_by, a.decided_at, a.reason
        from chunk_records c join ${G}.application_template a on a.record_id = c.template`,
    },
    {
      phase: 'repair cases (applications, objections, history)',
      table: 'repairs.objections',
      sql: `insert into repairs.objections (id, number, query_code_hash, record_id, subject_id, reporting_unit_id, state, grounds, submitted_at,
          verify_by, extended, resolved_at, outcome_reason, record_version, correct_by, correction_received_at)
        select ${G}.id('case/' || c.n || '/' || o.id), o.number || '-' || c.n, o.query_code_hash, c.id, c.subject_id, o.reporting_unit_id,
          o.state, o.grounds, o.submitted_at, o.verify_by, o.extended, o.resolved_at, o.outcome_reason, o.record_version, o.correct_by,
          o.correction_received_at
        from chunk_records c join ${G}.objection_template o on o.record_id = c.template`,
    },
    {
      phase: 'repair cases (applications, objections, history)',
      table: 'repairs.state_changes',
      sql: `insert into repairs.state_changes (case_id, state, at, by, reason)
        select ${G}.id('case/' || c.n || '/' || k.id), x.state, x.at,
          case when x.by = 'SUBJECT:' || k.subject_id then 'SUBJECT:' || c.subject_id else x.by end, x.reason
        from chunk_records c join ${cases} k on k.record_id = c.template
        join ${G}.state_change_template x on x.case_id = k.id
        order by x.at, x.id`,
    },
  ];
}
