/**
 * The client half of `jazzLocalFirstSignUp`: a Better Auth client plugin that types the sign-up's
 * `proofToken`. It adds no code to the client, only types.
 */

/**
 * The server plugin as the client sees it: `proofToken` as an optional sign-up input that is never
 * returned. Better Auth's client types the body of `signUp.email` from the `user` fields of the
 * plugins' `$InferServerPlugin` schemas (better-auth 1.7.25, `InferSignUpEmailCtx` in
 * client/path-to-object). The server plugin itself declares no such field, so no column is
 * created: `jazzLocalFirstSignUp` removes `proofToken` from the body before Better Auth reads it.
 */
export interface JazzLocalFirstSignUpServerTypes {
  readonly id: "jazz-local-first-sign-up";
  readonly schema: {
    readonly user: {
      readonly fields: {
        readonly proofToken: {
          readonly type: "string";
          readonly required: false;
          readonly input: true;
          readonly returned: false;
        };
      };
    };
  };
}

/** The Better Auth client plugin {@link jazzLocalFirstSignUpClient} returns. */
export interface JazzLocalFirstSignUpClientPlugin {
  readonly id: "jazz-local-first-sign-up";
  readonly $InferServerPlugin: JazzLocalFirstSignUpServerTypes;
}

/**
 * Types `proofToken` on `authClient.signUp.email`, for a server with `jazzLocalFirstSignUp` (from
 * `@jazz-auth/better-auth/server`). Pass the proof from `db.getLocalFirstIdentityProof()`.
 *
 * @example
 * ```ts
 * const authClient = createAuthClient({ plugins: [jwtClient(), jazzLocalFirstSignUpClient()] });
 * await authClient.signUp.email({ email, password, name, proofToken });
 * ```
 */
export function jazzLocalFirstSignUpClient(): JazzLocalFirstSignUpClientPlugin {
  return { id: "jazz-local-first-sign-up", $InferServerPlugin: {} as JazzLocalFirstSignUpServerTypes };
}
