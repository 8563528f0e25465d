import type { Principal, Role } from '../kit/principal.js';

/**
 * Which natural persons' credit files a caller may see as rows. Persons are never public (REFERENCE
 * "Natural persons"); analysts and banks get nothing personal. Issue 3 refines MEMBER_UNIT by duty.
 */
const PERSON_ROWS: Record<Role, 'all' | 'own' | 'none'> = {
  PUBLIC: 'none',
  SUBJECT: 'own',
  MEMBER_UNIT: 'all',
  FINANCIAL_INSTITUTION: 'none',
  ANALYST: 'none',
  CREDIT_OFFICE: 'all',
};

export function personRows(principal: Principal): 'all' | 'own' | 'none' {
  return PERSON_ROWS[principal.role];
}

/** The full ID number: only the person themself and the credit office. */
export function mayRevealIdNumber(principal: Principal, subjectId: string): boolean {
  return principal.role === 'CREDIT_OFFICE' || (principal.role === 'SUBJECT' && principal.subjectId === subjectId);
}
