/** Type test: the real Firebase Auth instance fits the shape the adapter accepts. */

import { firebaseTokenSource } from "@jazz-auth/firebase";
import { useFirebaseJazzAuth } from "@jazz-auth/firebase/react";
import type { Auth } from "firebase/auth";

export const vanilla = (auth: Auth) => firebaseTokenSource(auth);
export const useReact = (auth: Auth) => useFirebaseJazzAuth(auth);
