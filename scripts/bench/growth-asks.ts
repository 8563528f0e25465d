import { difference, isClean, type Answer } from './answers.js';
import { post } from './contenders.js';
import type { Ask } from './load.js';
import { requestBody, type BenchQuery } from './queries.js';

/** A request of the load that expects exactly `expected`'s text (a credit file reads the same every time). */
export function fixedAsk(url: string, query: BenchQuery, expected: Answer): Ask {
  const body = requestBody(query);
  const headers = { 'content-type': 'application/json', ...query.headers };
  return async () => {
    const response = await fetch(url, { method: 'POST', headers, body });
    const text = await response.text();
    return response.status === 200 && text === expected.text ? '' : difference(expected, { status: response.status, text }) || 'differs';
  };
}

/** A different generated file each request: a clean answer about the subject asked for. */
export function rotatingAsk(url: string, query: BenchQuery, codes: string[]): Ask {
  let next = 0;
  const headers = { 'content-type': 'application/json', ...query.headers };
  return async () => {
    const code = codes[next++ % codes.length]!;
    const response = await fetch(url, { method: 'POST', headers, body: requestBody({ ...query, variables: { code } }) });
    const text = await response.text();
    if (response.status !== 200 || !isClean({ status: response.status, text })) return `HTTP ${response.status}: ${text.slice(0, 200)}`;
    return text.includes(`"id":"${code}"`) ? '' : `no file of ${code}: ${text.slice(0, 200)}`;
  };
}

export async function answerOf(url: string, query: BenchQuery): Promise<Answer> {
  const answer = await post(url, query);
  if (!isClean(answer)) throw new Error(`${query.name}: the gateway did not answer cleanly: ${answer.text.slice(0, 300)}`);
  return answer;
}

/** The demo company's file must read as it did before growth, byte for byte. */
export async function expectSameAnswers(
  url: string,
  queries: BenchQuery[],
  expected: Map<BenchQuery, Answer>,
  where: string,
): Promise<void> {
  for (const query of queries) {
    const now = await answerOf(url, query);
    if (now.text !== expected.get(query)!.text)
      throw new Error(
        `${query.name}: the demo company's answer differs ${where}: ${difference(expected.get(query)!, now) || 'same data, different text'}`,
      );
  }
}
