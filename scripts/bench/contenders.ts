/**
 * The four things measured, each as one way to ask a query and the processes whose CPU and memory are its
 * own: the project's gateway and Hive Gateway (each in front of the same subgraph processes), the floor
 * (the captured subgraph requests replayed by the bench itself) and the embedded platform (one process).
 */
import { difference, type Answer } from './answers.js';
import { replay, type Capture } from './floor.js';
import type { Ask } from './load.js';
import type { Service } from './processes.js';
import { requestBody, type BenchQuery } from './queries.js';

export type ContenderName = 'ours' | 'hive' | 'floor' | 'embedded';

export interface Contender {
  name: ContenderName;
  label: string;
  /** Its own process (a gateway, the embedded platform); none for the floor, whose client is the bench. */
  front?: Service;
  /** Whether it runs on the separate subgraph processes. */
  onSubgraphs: boolean;
  /** Sends `query` once; the answer, to compare with the project's gateway's. */
  answer(query: BenchQuery): Promise<Answer>;
  /** A request of the load: '' when the answer is the one expected. */
  ask(query: BenchQuery, expected: Answer): Ask;
}

export async function post(url: string, query: BenchQuery): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...query.headers },
    body: requestBody(query),
  });
  return { status: response.status, text: await response.text() };
}

/** A gateway (or the embedded platform) over HTTP; the fast path compares the text with its own first answer. */
export function httpContender(name: ContenderName, label: string, url: string, front: Service, onSubgraphs: boolean): Contender {
  const own = new Map<BenchQuery, string>();
  return {
    name,
    label,
    front,
    onSubgraphs,
    async answer(query) {
      const answer = await post(url, query);
      own.set(query, answer.text);
      return answer;
    },
    ask(query, expected) {
      const body = requestBody(query);
      const headers = { 'content-type': 'application/json', ...query.headers };
      return async () => {
        const response = await fetch(url, { method: 'POST', headers, body });
        const text = await response.text();
        if (response.status === 200 && text === own.get(query)) return '';
        return difference(expected, { status: response.status, text }) || '';
      };
    },
  };
}

/** The floor: each query's captured requests, replayed; "the same answer" is each subgraph's answer as captured. */
export function floorContender(captures: Map<BenchQuery, Capture>, internalSecret: string): Contender {
  const captured = (query: BenchQuery) => {
    const capture = captures.get(query);
    if (!capture) throw new Error(`no capture of ${query.name}`);
    return capture;
  };
  return {
    name: 'floor',
    label: 'floor (subgraph requests replayed)',
    onSubgraphs: true,
    async answer(query) {
      const { differing } = await replay(captured(query), internalSecret);
      // Stands for the gateway's answer when every subgraph answered as it did to the gateway.
      return { status: differing.length ? 502 : 200, text: differing.join('; ') };
    },
    ask(query) {
      const capture = captured(query);
      return async () => (await replay(capture, internalSecret)).differing.join('; ');
    },
  };
}
