// Category catalogue of credit records (DESIGN §3, "records"): the types and the look-ups. The entries, one per
// behaviour named in notice 太信用办〔2020〕1号, are data: categories.ts (negative) and positive-categories.ts.

import type { RecordKind, Severity } from '../kit/vocabulary.js';
import { NEGATIVE_CATEGORIES } from './categories.js';
import { POSITIVE_CATEGORIES } from './positive-categories.js';

export { MEMBER_UNIT_IDS, type MemberUnitId } from './categories.js';

export { isNegativeKind, NEGATIVE_KINDS, type RecordKind, type Severity } from '../kit/vocabulary.js';

export interface CategoryEntry {
  code: string;
  label: string;
  kind: RecordKind;
  article: number;
  articleExcerpt: string;
  defaultSeverity: Severity | null;
  reportingUnits: readonly string[];
  appliesToNaturalPersons: boolean;
  appliesToOrganisations: boolean;
  repairable: boolean;
}

const ENTRIES: CategoryEntry[] = [...NEGATIVE_CATEGORIES, ...POSITIVE_CATEGORIES];

// Frozen so that no consumer (resolvers, intake, policies) can alter the catalogue at run time.
export const CATEGORIES: readonly CategoryEntry[] = Object.freeze(
  ENTRIES.map((e) => Object.freeze({ ...e, reportingUnits: Object.freeze([...e.reportingUnits]) })),
);

export const CATEGORY_CODES: readonly string[] = Object.freeze(CATEGORIES.map((e) => e.code));

const BY_CODE: ReadonlyMap<string, CategoryEntry> = new Map(CATEGORIES.map((e) => [e.code, e]));

export function categoryEntry(code: string): CategoryEntry | undefined {
  return BY_CODE.get(code);
}

/** Categories a member unit may report, in catalogue order; empty for unknown units and the banks. */
export function categoriesReportableBy(unitId: string): readonly CategoryEntry[] {
  return BY_UNIT.get(unitId) ?? NONE;
}

/** Asked once per reported item (intake's duty check): looked up, not filtered from the catalogue each time. */
const NONE: readonly CategoryEntry[] = Object.freeze([]);
const BY_UNIT: ReadonlyMap<string, readonly CategoryEntry[]> = new Map(
  [...new Set(CATEGORIES.flatMap((e) => e.reportingUnits))].map((unit) => [
    unit,
    Object.freeze(CATEGORIES.filter((e) => e.reportingUnits.includes(unit))),
  ]),
);

/** Categories whose record must carry a rectification deadline (整改, notice §3: reopening non-compliance). */
export const REQUIRES_RECTIFICATION: ReadonlySet<string> = new Set(['REOPENING_NONCOMPLIANCE', 'NO_HEALTH_MONITORING', 'NO_DISINFECTION']);
/** What CategoryInfo resolves from (codegen.json): the entry, its reporting units as member units. */
export type CategoryInfoView = Omit<CategoryEntry, 'reportingUnits'> & { requiresRectification: boolean; reportingUnits: { id: string }[] };

/** An entry as CategoryInfo shows it: whether it must be rectified, and its reporting units as member units. */
export const categoryInfo = (entry: CategoryEntry): CategoryInfoView => ({
  ...entry,
  requiresRectification: REQUIRES_RECTIFICATION.has(entry.code),
  reportingUnits: entry.reportingUnits.map((id) => ({ id })),
});
