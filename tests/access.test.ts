/** The access vocabulary (kit/access.ts) is the one place role capabilities are written. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { can, CAPABILITIES, isPartyTo, isResponsibleFor, isSelf, unitActedFor } from '../subgraphs/kit/access.js';
import { ROLES } from '../subgraphs/kit/principal.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'migrations' ? [] : sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('one access vocabulary', () => {
  it('leaves no role comparison outside the kit: policies and workflows ask can() and the relations', () => {
    // Allowed: the vocabulary itself, the principal's definition, and the gateway turning credentials into roles.
    const allowed = new Set(['subgraphs/kit/access.ts', 'subgraphs/kit/principal.ts', 'gateway/auth.ts']);
    const inline = /\.role\s*[!=]==|includes\((ctx\.)?principal\.role\)|principal\.role\s*\)/;
    const offenders = [...sources('subgraphs'), ...sources('gateway')]
      .filter((path) => !allowed.has(path))
      .flatMap((path) =>
        readFileSync(path, 'utf8')
          .split('\n')
          .map((line, i) => ({ path, line: i + 1, text: line.trim() }))
          .filter(({ text }) => inline.test(text)),
      );
    expect(offenders).toEqual([]);
  });

  it('names only real roles, and gives the credit office every capability but the subject-only ones', () => {
    const subjectOnly = new Set(['raiseObjection', 'enrolInTraining', 'grantLoanAccess', 'consentToPublicity', 'readLoanProfiles']);
    for (const [capability, roles] of Object.entries(CAPABILITIES)) {
      for (const role of roles) expect(ROLES).toContain(role);
      expect({ capability, office: can({ role: 'CREDIT_OFFICE' }, capability as keyof typeof CAPABILITIES) }).toEqual({
        capability,
        office: !subjectOnly.has(capability),
      });
      expect({ capability, public: can({ role: 'PUBLIC' }, capability as keyof typeof CAPABILITIES) }).toEqual({
        capability,
        public: false,
      });
    }
  });

  it('relates a caller to a record: self, reporting unit, credit office — never by a claim it does not hold', () => {
    const record = { subjectId: 'S1', reportingUnitId: 'health' };
    expect(isSelf({ role: 'SUBJECT', subjectId: 'S1' }, 'S1')).toBe(true);
    expect(isSelf({ role: 'MEMBER_UNIT', unitId: 'health', subjectId: 'S1' }, 'S1')).toBe(false);
    expect(isSelf({ role: 'SUBJECT' }, undefined)).toBe(false);
    expect(isResponsibleFor({ role: 'MEMBER_UNIT', unitId: 'health' }, 'health')).toBe(true);
    expect(isResponsibleFor({ role: 'FINANCIAL_INSTITUTION', unitId: 'health' }, 'health')).toBe(false);
    expect(isResponsibleFor({ role: 'SUBJECT', unitId: 'health' }, 'health')).toBe(false);
    expect(isPartyTo({ role: 'CREDIT_OFFICE' }, record)).toBe(true);
    expect(isPartyTo({ role: 'ANALYST', unitId: 'health' }, record)).toBe(false);
    expect(unitActedFor({ role: 'MEMBER_UNIT', unitId: 'tax' }, 'health')).toEqual({ refused: 'a unit asks for itself' });
    expect(unitActedFor({ role: 'CREDIT_OFFICE' }, null)).toEqual({ unitId: null });
  });
});
