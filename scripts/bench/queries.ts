/** What bench:compare asks every target: the README's credit file (audited and public) and a page of subjects. */
import { DEMO_COMPANY } from '../../platform/seed/index.js';

export interface BenchQuery {
  /** Short name for the tables. */
  name: string;
  operationName: string;
  query: string;
  variables: Record<string, unknown>;
  /** The credential headers sent (none: PUBLIC). */
  headers: Record<string, string>;
}

// The README's CreditFile, across all four data subgraphs and back to subjects for the reporting units' names.
const CREDIT_FILE = `query CreditFile($code: String!) {
  subjectByCode(code: $code) {
    id name kind district tags
    creditRecords {
      category categoryInfo { label article } severity status decisionDate
      reportingUnit { name }
      disclosure { ruleVersion isPublicNow publicUntil reason }
    }
    repairApplications { number state acceptBy decideBy history { state at by } }
    objections { number state verifyBy }
    listMemberships { list reason since until active causedBy { category } }
    supervision { level reason }
  }
}`;

// What the portal shows anyone of an organisation: nothing in it is audited.
const PUBLIC_FILE = `query PublicCreditFile($code: String!) {
  subjectByCode(code: $code) {
    id name kind district tags
    creditRecords {
      category categoryInfo { label article } severity status decisionDate
      reportingUnit { name }
      disclosure { ruleVersion isPublicNow publicUntil reason }
    }
    listMemberships { list reason since until active causedBy { category } }
  }
}`;

// The README's search, one page of 20, each subject with what three other subgraphs hold of it.
const PAGE = `query SubjectPage {
  subjects(first: 20) {
    totalCount
    edges { cursor node { id name industry creditRecords { id category status } repairApplications { number state } listMemberships { list active } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const CREDIT_OFFICE = { 'x-api-key': 'demo-credit-office' };

export const BENCH_QUERIES: BenchQuery[] = [
  {
    name: 'credit file, audited (credit office)',
    operationName: 'CreditFile',
    query: CREDIT_FILE,
    variables: { code: DEMO_COMPANY.code },
    headers: CREDIT_OFFICE,
  },
  {
    name: 'credit file, public (anonymous)',
    operationName: 'PublicCreditFile',
    query: PUBLIC_FILE,
    variables: { code: DEMO_COMPANY.code },
    headers: {},
  },
  { name: 'page of 20 subjects (credit office)', operationName: 'SubjectPage', query: PAGE, variables: {}, headers: CREDIT_OFFICE },
];

export function requestBody(query: BenchQuery): string {
  return JSON.stringify({ query: query.query, variables: query.variables, operationName: query.operationName });
}
