/**
 * The Node.js flags the one-process platform runs with (`npm start`, `npm run start:prod`, bench:compare's
 * embedded target; tests/node-flags.test.ts holds package.json to this list). The gateway and five subgraphs
 * in one heap allocate about six times what one service does, mostly objects that live for one request:
 * with V8's default 16 MiB semi-space the young generation filled and was scavenged several times a
 * request under load, and survivors were copied twice. 32 MiB gave the embedded mode 10–16 % more public
 * credit files a second at 32 clients on the 2-core bench machine (64 and 128 MiB little more, for 90 and
 * 230 MiB more RSS). It is a start-up flag: V8 sizes the heap before any code runs, so setting it from
 * inside (v8.setFlagsFromString) changes nothing.
 */
export const EMBEDDED_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];
