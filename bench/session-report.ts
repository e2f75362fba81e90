/** The "simulated 24 h session" section of docs/benchmarks.md, also printed by `pnpm simulate`. */
import { DIRECT, ONE_TAB, type SessionResult, THREE_TABS, type Timeline } from "./session-simulation";
import { goals, sessionTable } from "./session-table";

const hours = (list: readonly { at: number; hours?: number }[]) =>
  list.map((item) => (item.hours === undefined ? `${item.at} h` : `${item.at} h for ${item.hours} h`)).join(" and ");

/** The Markdown section: what was simulated, one table per setup, and the goals. */
export function sessionSection(results: readonly SessionResult[], timeline: Timeline): string {
  return `## A simulated 24 h session

Signed-in browser tabs on the fake clock and the faithful fake Jazz client (\`createFakeJazzConnection\`
and \`createFakeJazzDb\` from @jazz-auth/testing, which follow garden-co/jazz's client and transport line
by line): the laptop sleeps at ${hours(timeline.sleeps)} (timers frozen, as hosts do; on wake the page
gets \`visible\` and the socket is found dead), the network drops at ${hours(timeline.offline)}
(\`offline\`/\`online\` events; the provider is unreachable too), and the server restarts at
${hours(timeline.drops)} with no event reaching the page. After each drop the Jazz transport
reconnects by itself after its backoff (300 ms · 2^n plus jitter) with the token it holds; the fake
server judges each handshake by \`exp\` on the real-world clock and answers 50 ms later. The provider
answers in 150 ms. Three tabs are three engines and three Dbs opened 20 s apart on one shared leader
connection: every tab's hand-over reaches that one socket (bench/session-simulation.ts).

- **jazz-auth**: \`createTokenSource\` + \`connectJazz\` from @jazz-auth/core, with the page's lifecycle events.
- **old policy**: what \`connectJazz\` did before issue 9: every refreshed token pushed into the live Db,
  one forced refresh on \`expired\`/\`invalid\` (bench/old-policy.ts).
- **hand-written**: the Jazz docs' pattern: one token, a new one only when Jazz reports \`expired\`
  (bench/hand-written.ts).

An *auth-caused reconnect* is a handshake made only because a token was handed to a connected Db
(Jazz closes the socket and handshakes again). An *expired handshake* is one the server refused as
expired; each pauses sync until a new token arrives. The recovery column is the longest time from a
refusal to the next accepted handshake. In a browser the Db's worker reports every refusal to the tabs as
\`invalid\` (its reason mapping is an exact match that the server's messages never meet), so the
hand-written pattern, which waits for \`expired\`, never recovers there.

### One tab

${sessionTable(results, ONE_TAB, timeline)}

### Three tabs sharing one connection

${sessionTable(results, THREE_TABS, timeline)}

### One Db that owns its transport (Node, React Native, no worker)

Here refusals reach the Db as the server meant them (\`expired\` stays \`expired\`).

${sessionTable(results, DIRECT, timeline)}

Goals for jazz-auth (issue 9), across all three setups:

${goals(results, timeline)
  .map((line) => `- ${line}`)
  .join("\n")}
`;
}
