/** `pnpm demo` (for now): the simulated 24 h session of every provider, as a table. */
import { DAY, sessionTable, simulateAll } from "./session-simulation";

const rows = await simulateAll(DAY);
console.log(
  `jazz-auth: a simulated 24 h session per provider (sleeps at ${DAY.sleeps.map((s) => `${s.at} h for ${s.hours} h`).join(" and ")}, offline at ${DAY.offline[0]?.at} h for ${DAY.offline[0]?.hours} h)\n`,
);
console.log(sessionTable(rows));
const expired = rows.reduce((sum, row) => sum + row.ours.expiredHandshakes + row.ours.expiredHandovers, 0);
console.log(`\njazz-auth handed Jazz an expired token or reconnected with one ${expired} times in total (goal: 0).`);
console.log(
  "An expired handshake pauses sync until a new token arrives; the hand-written pattern pays one after every sleep and outage.",
);
