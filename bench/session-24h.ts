/** `pnpm simulate`: the simulated 24 h session of every provider, strategy and setup, as tables. */
import { sessionSection } from "./session-report";
import { DAY, simulateAll } from "./session-simulation";

console.log(sessionSection(await simulateAll(DAY), DAY));
