/** Type test: the real AuthKit client and useAuth() fit the shapes the adapter accepts. */

import { workosSessionEvents, workosTokenSource } from "@jazz-auth/workos";
import { useWorkOSJazzAuth } from "@jazz-auth/workos/react";
import { createClient, type OnRefreshResponse } from "@workos-inc/authkit-js";
import { useAuth } from "@workos-inc/authkit-react";

export const vanilla = async () => workosTokenSource(await createClient("client_01HZX3K9V7Q2M8N4P6R5S1T0AB"));
export const useReact = () => useWorkOSJazzAuth(useAuth());

/** Outside React: createClient takes the session events' callbacks, and the source their watch. */
export const withEvents = async () => {
  const events = workosSessionEvents();
  const client = await createClient("client_01HZX3K9V7Q2M8N4P6R5S1T0AB", { ...events.callbacks, devMode: false });
  return workosTokenSource(client, { watch: events.watch });
};

/** What authkit-js hands to onRefresh is what the callback reads. */
export const fromResponse = (response: OnRefreshResponse) => workosSessionEvents().callbacks.onRefresh(response);
