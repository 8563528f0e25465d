/**
 * The SDL's enums and the code's catalogues say the same thing: a value the schema offers that no rule knows,
 * or a rule the schema cannot reach, fails here rather than in a member unit's batch.
 */
import { readFileSync } from 'node:fs';
import { Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { LICENCE_TYPES, PENALTY_TYPES, RECORD_KINDS, SEVERITIES, SUBJECT_KINDS, SUBJECT_STATUSES } from '../subgraphs/kit/vocabulary.js';
import { CATEGORY_CODES } from '../subgraphs/records/catalogue.js';
import { DEFERRAL_STARTS } from '../subgraphs/records/deferral.js';
import { TOLERANCE_CAUSES } from '../subgraphs/records/tolerance.js';
import { GREEN_TAGS } from '../subgraphs/repairs/applications.js';
import { OBJECTION_OUTCOMES } from '../subgraphs/repairs/rules.js';
import { SPECIAL_FIELDS } from '../subgraphs/reports/special.js';
import { SUBGRAPH_NAMES } from '../subgraphs/registry.js';

const enums = new Map<string, string[]>();
for (const name of SUBGRAPH_NAMES) {
  const document = parse(readFileSync(new URL(`../schema/${name}.graphql`, import.meta.url), 'utf8'));
  for (const definition of document.definitions)
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION)
      enums.set(
        definition.name.value,
        (definition.values ?? []).map((v) => v.name.value),
      );
}
const sdlEnum = (name: string): string[] => {
  const values = enums.get(name);
  if (!values) throw new Error(`no enum ${name} in the subgraph schemas`);
  return values;
};
const sameSet = (a: readonly string[]) => [...new Set(a)].sort();

describe('the SDL enums are the catalogues', () => {
  it.each([
    ['RecordKind', RECORD_KINDS],
    ['SubjectKind', SUBJECT_KINDS],
    ['SubjectStatus', SUBJECT_STATUSES],
    ['Severity', SEVERITIES],
    ['PenaltyType', Object.keys(PENALTY_TYPES)],
    ['LicenceType', Object.keys(LICENCE_TYPES)],
    ['RecordCategory', CATEGORY_CODES],
    ['ToleranceCause', TOLERANCE_CAUSES],
    ['DeferralStart', DEFERRAL_STARTS],
    ['ObjectionOutcome', OBJECTION_OUTCOMES],
    ['GreenChannelReason', Object.keys(GREEN_TAGS)],
    ['CreditField', Object.keys(SPECIAL_FIELDS)],
  ] as const)('%s', (name, catalogue) => {
    expect(sameSet(sdlEnum(name))).toEqual(sameSet(catalogue));
  });

  it('keeps the penalty types in the law’s order in both', () => {
    expect(sdlEnum('PenaltyType')).toEqual(Object.keys(PENALTY_TYPES));
  });

  it('names only subject tags and duties the subjects schema has', () => {
    for (const tags of Object.values(GREEN_TAGS)) for (const tag of tags) expect(sdlEnum('SubjectTag')).toContain(tag);
    for (const { duties } of Object.values(SPECIAL_FIELDS)) for (const duty of duties) expect(sdlEnum('Duty')).toContain(duty);
  });
});
