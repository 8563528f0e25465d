import type { SubjectKind } from './vocabulary.js';

/**
 * The payloads subgraphs exchange through their event logs: the only thing one subgraph knows of
 * another's data. A change here is a change of contract between producer and consumers.
 */

/** records → subjects: a subject met in a report, enough to open a credit file. */
export interface SubjectSeen {
  subjectId: string;
  kind: SubjectKind;
  name: string;
  creditCode: string | null;
  creditCodeChecksumValid: boolean | null;
  /** Encrypted with the platform key: the raw number never travels in clear. */
  idNumberEncrypted: string | null;
  idNumberMasked: string | null;
}

/** subjects → others: what they may know of a credit file (kind, town, tags; never names or numbers). */
export interface SubjectRegistered {
  subjectId: string;
  kind: SubjectKind;
  district: string | null;
  /** EPIDEMIC_SUPPLY_PRODUCER, HARD_HIT, …: what the green channel and 信易贷 favour. */
  tags: string[];
}

/** subjects → others (unit.registered): a member unit or financial institution, by id, name and kind. */
export interface UnitRegistered {
  unitId: string;
  name: string;
  kind: string;
}

/** repairs → records: an approved repair ends public display and sharing of the record. */
export interface RepairApproved {
  applicationId: string;
  recordId: string;
  subjectId: string;
  approvedOn: string;
}

/** records → others (record.created, record.changed): a record as consumers need it. */
export interface RecordFacts {
  id: string;
  subjectId: string;
  subjectIsPerson: boolean;
  category: string;
  categoryLabel: string;
  kind: string;
  severity: string | null;
  /**
   * The status as records shows it: what the workflows stored, except that records' sweep announces the date's
   * changes with a record.changed of their own (version unchanged) — EXPIRED once the period has ended, ACTIVE
   * once a deferral has ended. An event published with a write carries the stored status; the next sweep
   * (hourly) announces the shown one again when they differ.
   */
  status: string;
  decisionDate: string;
  minimumUntil: string | null;
  publicUntil: string | null;
  /** Last day a negative record counts against its subject, published or not; null for positive ones. */
  effectUntil: string | null;
  deferredUntil: string | null;
  reportingUnitId: string;
  version: number;
  /**
   * The catalogue's answer to "may a record of this category be repaired" (records' catalogue.ts): the one
   * source repairs files or refuses applications by. Absent in events written before it existed.
   */
  repairable?: boolean;
}

/** repairs → records: an objection was raised (the record shows DISPUTED) or resolved. */
export interface ObjectionChanged {
  objectionId: string;
  recordId: string;
  subjectId: string;
  /** null while open; CORRECTED, WITHDRAWN or UPHELD once resolved. */
  outcome: 'CORRECTED' | 'WITHDRAWN' | 'UPHELD' | null;
  /**
   * The record version the objection contests. CORRECTED withholds the record (PENDING_CORRECTION) only
   * while no later version has arrived; absent in events written before it existed.
   */
  recordVersion?: number | null;
}

/** repairs → records: a force-majeure certificate that tolerance claims may cite. */
export interface CertificateIssued {
  number: string;
  subjectId: string;
  periodFrom: string;
  periodTo: string;
}

/**
 * Every event a subgraph publishes, by type, with its payload: what `publish` accepts and what a consumer's
 * handlers receive. A producer and its consumers agree on this map or the compiler says where they don't.
 */
export interface EventPayloads {
  /** records: a subject named in a report, so subjects opens its credit file. */
  'subject.seen': SubjectSeen;
  /** subjects: a credit file opened or changed (kind, town, tags). */
  'subject.registered': SubjectRegistered;
  /** subjects: a member unit or financial institution of the platform. */
  'unit.registered': UnitRegistered;
  /** records: a record stored for the first time. */
  'record.created': RecordFacts;
  /** records: a record corrected, moved between statuses, or shown differently now its dates have passed. */
  'record.changed': RecordFacts;
  /** repairs: a repair application approved (终止公示). */
  'repair.approved': RepairApproved;
  /** repairs: an objection raised against a record (DISPUTED while it is open). */
  'objection.raised': ObjectionChanged;
  /** repairs: an objection resolved (CORRECTED, WITHDRAWN or UPHELD). */
  'objection.resolved': ObjectionChanged;
  /** repairs: a force-majeure certificate issued (不可抗力证明). */
  'certificate.issued': CertificateIssued;
}

export type EventType = keyof EventPayloads;
