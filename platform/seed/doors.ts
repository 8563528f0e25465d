import { randomUUID } from 'node:crypto';
import { type SubgraphName } from '../../subgraphs/registry.js';
import type { Subgraph } from '../../subgraphs/kit/subgraph.js';
import type { Principal } from '../../subgraphs/kit/principal.js';

/**
 * The doors the demo enters by: the same GraphQL operations member units, subjects and the credit office send,
 * executed by each subgraph's own server with the principal's context (its field policy, rules and audit), and
 * the event consumers that carry their consequences. Nothing here writes a table.
 */
export interface SeedDoors {
  call<T = any>(subgraph: SubgraphName, as: Principal, query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Lets `consumer`'s event consumers read everything published so far (all consumers when omitted). */
  sync(consumer?: SubgraphName): Promise<void>;
  /** The subgraphs that consume events: what a door changes, they read. */
  readers: SubgraphName[];
}

export const CREDIT_OFFICE: Principal = { role: 'CREDIT_OFFICE', unitId: 'credit-office' };
export const unit = (unitId: string): Principal => (unitId === 'credit-office' ? CREDIT_OFFICE : { role: 'MEMBER_UNIT', unitId });
export const subject = (subjectId: string): Principal => ({ role: 'SUBJECT', subjectId });

export const OPERATIONS = {
  registerSubjects: `mutation SeedRegister($input: [SubjectRegistrationInput!]!) {
    registerSubjects(input: $input) { index outcome problems { field reason } } }`,
  designateSubjects: `mutation SeedDesignate($input: [SubjectDesignationInput!]!, $reason: String!) {
    designateSubjects(input: $input, reason: $reason) { index outcome problems { field reason } } }`,
  reportRecords: `mutation SeedReport($input: [RecordReportInput!]!) {
    reportRecords(input: $input) { index outcome recordId problems { field reason } } }`,
  reportLicences: `mutation SeedLicences($input: [LicenceReportInput!]!) {
    reportLicences(input: $input) { index outcome problems { field reason } } }`,
  scheduleTraining: `mutation SeedSchedule($input: TrainingSessionInput!) { scheduleTraining(input: $input) { id } }`,
  enrolInTraining: `mutation SeedEnrol($sessionId: ID!) { enrolInTraining(sessionId: $sessionId) { __typename } }`,
  recordTrainingAttendance: `mutation SeedAttend($sessionId: ID!, $subjectId: ID!) {
    recordTrainingAttendance(sessionId: $sessionId, subjectId: $subjectId, attended: true) { __typename } }`,
  applyForRepair: `mutation SeedApply($input: RepairApplicationInput!) {
    applyForRepair(input: $input) { queryCode application { id number } } }`,
  moveRepairApplication: `mutation SeedMove($id: ID!, $to: RepairState!, $reason: String) {
    moveRepairApplication(id: $id, to: $to, reason: $reason) { id state } }`,
  raiseObjection: `mutation SeedObject($input: ObjectionInput!) { raiseObjection(input: $input) { objection { id } } }`,
  extendObjection: `mutation SeedExtend($id: ID!, $reason: String!) { extendObjection(id: $id, reason: $reason) { id } }`,
  resolveObjection: `mutation SeedResolve($id: ID!, $outcome: ObjectionOutcome!, $reason: String!) {
    resolveObjection(id: $id, outcome: $outcome, reason: $reason) { id } }`,
} as const;

export interface ItemResult {
  index: number;
  recordId?: string;
  outcome: string;
  problems: { field: string; reason: string }[];
}

/** A batch door answers per item: the demo must not lose one silently. */
export function allStored<T extends ItemResult>(what: string, results: T[]): T[] {
  const rejected = results.filter((result) => result.outcome === 'REJECTED');
  if (rejected.length) throw new Error(`seed: ${what} rejected ${rejected.length} item(s): ${JSON.stringify(rejected.slice(0, 3))}`);
  return results;
}

/** One consumption of this process: `consumer` reading `producer`'s events. */
export interface SeedConsumption {
  consumer: SubgraphName;
  /** Whose feed it reads; unknown, it is read at every sync. */
  producer?: SubgraphName;
  /** Reads everything published so far; how many events it applied, when it says. */
  drain(): Promise<number | void>;
}

/** The subgraphs of this process as doors: each operation runs on its subgraph's server, as `as`. */
export function inProcessDoors(subgraphs: Partial<Record<SubgraphName, Subgraph<any, any>>>, consumers: SeedConsumption[]): SeedDoors {
  // A subgraph's feed is written by the doors called on it and by its consumers applying others' events, nothing
  // else while the seed runs (the consumers' loops and housekeeping start after it): a consumption whose producer
  // wrote nothing since it last read has nothing to read, and a sync leaves it alone (each read that finds nothing
  // still costs three statements). What a sync reads is the same; only the empty reads are gone.
  const unread = new Set(consumers);
  const written = (producer: SubgraphName) => {
    for (const c of consumers) if (c.producer === producer) unread.add(c);
  };
  return {
    async call(name, as, query, variables = {}) {
      const subgraph = subgraphs[name];
      if (!subgraph) throw new Error(`seed: no ${name} subgraph in this process`);
      const contextValue = subgraph.createContext({
        principal: as,
        requestId: randomUUID(),
        operation: query.match(/mutation (\w+)/)?.[1] ?? 'Seed',
      });
      written(name);
      const response = await subgraph.server.executeOperation({ query, variables }, { contextValue });
      if (response.body.kind !== 'single') throw new Error(`seed: ${name} answered incrementally`);
      const { data, errors } = response.body.singleResult;
      if (errors?.length)
        throw new Error(
          `seed: ${name} refused ${query.match(/mutation (\w+)/)?.[1]}: ${JSON.stringify(errors.map((e) => ({ message: e.message, code: e.extensions?.code })))} for ${JSON.stringify(variables).slice(0, 400)}`,
        );
      return data as any;
    },
    readers: [...new Set(consumers.map((c) => c.consumer))],
    async sync(consumer) {
      for (const c of consumers) {
        if (consumer && c.consumer !== consumer) continue;
        if (c.producer && !unread.has(c)) continue;
        unread.delete(c);
        // What it applied may have made its subgraph publish: that subgraph's readers have something new.
        if ((await c.drain()) !== 0) written(c.consumer);
      }
    },
  };
}
