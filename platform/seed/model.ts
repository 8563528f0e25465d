import type { CategoryEntry, Severity } from '../../subgraphs/records/catalogue.js';
import type { DisclosureWindow } from '../../subgraphs/records/disclosure.js';
import type { PenaltyDetails } from '../../subgraphs/records/penalty.js';

/** What the record generator needs to know of a subject, organisation or person. */
export interface SeedSubject {
  id: string;
  name: string;
  isPerson: boolean;
  district: string;
  /** Line of business (organisations) or 'person'; decides which categories plausibly concern it. */
  sector: string;
  tags: string[];
  /** Registered and operating (organisations); persons always. */
  active: boolean;
}

/** A credit record as generated, before it is written through the records data module. */
export interface RecordDraft {
  id: string;
  subject: SeedSubject;
  entry: CategoryEntry;
  unitId: string;
  decisionDate: string;
  severity: Severity | null;
  status: string;
  facts: string;
  legalBasis: string;
  rectificationDeadline: string | null;
  /** Same computation as records' intake, kept here to plan repairs and incentives. */
  window: DisclosureWindow;
  unitReference?: string;
  /** Administrative penalties: the 双公示 fields (penalties.ts). */
  penalty?: PenaltyDetails;
  /** When a repair approval or an objection's withdrawal lifted the record. */
  liftedOn?: string;
  /** Curated record of the demo company or person: never picked for random statuses or cases. */
  fixed?: boolean;
}

export const isNegative = (draft: RecordDraft): boolean =>
  draft.entry.kind === 'ADMINISTRATIVE_PENALTY' || draft.entry.kind === 'DISHONEST_CONDUCT';

/** One step of a case as it happened: the state it reached, when, by whom, why. */
export interface CaseStep {
  state: string;
  at: Date;
  by: string;
  reason: string | null;
}

/** What a repair application or an objection went through, planned; the replay sends each step through its door. */
interface PlannedCase {
  id: string;
  number: string;
  queryCode: string;
  /** The plan's record id (the replay maps it to the id intake gave). */
  recordId: string;
  subjectId: string;
  reportingUnitId: string;
  state: string;
  submittedAt: Date;
  history: CaseStep[];
}

export interface PlannedApplication extends PlannedCase {
  greenChannel: string | null;
  acceptBy: string;
  decideBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
}

export interface PlannedObjection extends PlannedCase {
  grounds: string;
  verifyBy: string;
  extended: boolean;
  resolvedAt: Date | null;
  outcomeReason: string | null;
}
