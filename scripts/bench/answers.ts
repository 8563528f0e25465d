/**
 * Whether two gateways gave the same answer: the same data, value for value and in the same order, and
 * errors at the same paths with the same codes. Messages and other extensions are each gateway's own
 * wording (Hive names the subgraph, Apollo strips it); none of these queries has a request-specific field.
 */
export interface Answer {
  status: number;
  text: string;
}

interface Body {
  data?: unknown;
  errors?: { path?: (string | number)[]; extensions?: { code?: string } }[];
}

/** The comparable form of an answer, or why it has none. */
export function normalised(answer: Answer): string {
  let body: Body;
  try {
    body = JSON.parse(answer.text) as Body;
  } catch {
    return `HTTP ${answer.status}, not JSON: ${answer.text.slice(0, 120)}`;
  }
  const errors = (body.errors ?? []).map((e) => `${(e.path ?? []).join('.')}:${e.extensions?.code ?? '?'}`).sort();
  return JSON.stringify({ status: answer.status, data: body.data ?? null, errors });
}

/** '' when the answers agree, else where they first part. */
export function difference(expected: Answer, actual: Answer): string {
  const [a, b] = [normalised(expected), normalised(actual)];
  if (a === b) return '';
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  return `differs at character ${at}: expected …${a.slice(Math.max(0, at - 40), at + 40)}… got …${b.slice(Math.max(0, at - 40), at + 40)}…`;
}

/** Whether an answer is a complete one: HTTP 200 and no error at all. */
export function isClean(answer: Answer): boolean {
  return answer.status === 200 && !answer.text.includes('"errors"');
}
