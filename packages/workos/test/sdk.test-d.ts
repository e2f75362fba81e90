/** Type test: the real AuthKit client and useAuth() fit the shapes the adapter accepts. */

import { workosTokenSource } from "@jazz-auth/workos";
import { useWorkOSJazzAuth } from "@jazz-auth/workos/react";
import { createClient } from "@workos-inc/authkit-js";
import { useAuth } from "@workos-inc/authkit-react";

export const vanilla = async () => workosTokenSource(await createClient("client_01HZX3K9V7Q2M8N4P6R5S1T0AB"));
export const useReact = () => useWorkOSJazzAuth(useAuth());
