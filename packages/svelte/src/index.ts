export { type JazzAuthState, jazzAuth } from "./jazz-auth";
