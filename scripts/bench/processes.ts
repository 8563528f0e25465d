/**
 * The benchmark's child processes: each in its own process group, so one signal ends it and anything it
 * started; every group still alive is killed when the benchmark exits, however it exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Service {
  name: string;
  child: ChildProcess;
  pid: number;
  /** The last lines it wrote, for the error message when it dies. */
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<Service>();

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

// Synchronous on purpose: on 'exit' nothing asynchronous runs any more.
process.once('exit', () => {
  for (const service of running) killGroup(service.pid, 'SIGKILL');
});

/** Starts a TypeScript entry (relative to the repository) with tsx loaded into the same process: one pid to measure. */
export function startProcess(
  name: string,
  entry: string,
  env: Record<string, string | undefined>,
  args: string[] = [],
  nodeFlags: readonly string[] = [],
): Service {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', entry, ...args], {
    cwd: ROOT,
    env: env as NodeJS.ProcessEnv,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  if (!child.pid) throw new Error(`${name} could not be started`);
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const service: Service = {
    name,
    child,
    pid,
    output: () => lines.join('\n'),
    async stop() {
      running.delete(service);
      if (child.exitCode !== null || child.signalCode !== null) return;
      killGroup(pid, 'SIGTERM');
      const late = setTimeout(() => killGroup(pid, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(late);
    },
  };
  running.add(service);
  return service;
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((service) => service.stop()));
}

/** Polls `url` until it answers 200; fails at once, with its output, if the process dies first. */
export async function waitReady(service: Service, url: string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    if (service.child.exitCode !== null || service.child.signalCode !== null)
      throw new Error(
        `${service.name} exited (${service.child.exitCode ?? service.child.signalCode}) before it was ready:\n${service.output()}`,
      );
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${service.name} not ready at ${url} after ${timeoutMs / 1000} s (${last}):\n${service.output()}`);
}

/** A message the child sends over IPC (the embedded system's URL, the seed's summary). */
export function nextMessage<T>(service: Service, timeoutMs = 300_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${service.name} sent nothing in ${timeoutMs / 1000} s:\n${service.output()}`)),
      timeoutMs,
    );
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${service.name} exited (${code}) before it answered:\n${service.output()}`));
    };
    service.child.once('exit', onExit);
    service.child.once('message', (message) => {
      clearTimeout(timer);
      service.child.off('exit', onExit);
      resolve(message as T);
    });
  });
}

/** A port nobody listens on now (the kernel's choice); ports are chosen before start because the subgraphs need each other's URLs. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resident memory of a process in MiB (VmRSS), 0 once it is gone. */
export function rssMiB(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

// Linux reports CPU time in clock ticks; USER_HZ is 100 on every platform Node supports.
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used, in ms. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: the fields start after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}
