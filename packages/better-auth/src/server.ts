import type { Clock } from "@jazz-auth/core";
import { verifyLocalFirstProof } from "@jazz-auth/verifier";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import type { JwtOptions } from "better-auth/plugins";

/** The user and session Better Auth hands to the JWT callbacks. */
export interface JazzJwtContext {
  readonly user: { readonly id: string } & Record<string, unknown>;
  readonly session: Record<string, unknown>;
}

/** Options of {@link jazzJwt}. */
export interface JazzJwtOptions {
  /** The `iss` of the tokens; pin it in the verifier (the `betterAuth` preset's `issuer`). */
  readonly issuer: string;
  /** The `aud`; by default the issuer. */
  readonly audience?: string;
  /** The custom claims Jazz policies see as `session.claims.*`; nested under `claims` for you. */
  readonly claims?: (context: JazzJwtContext) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** The `sub` (the Jazz user id); by default the user id. */
  readonly subject?: (context: JazzJwtContext) => string | Promise<string>;
  /** Token lifetime, as Better Auth's `expirationTime` (default "15m"). */
  readonly expirationTime?: string | number;
  /** Signing algorithm (default ES256). */
  readonly alg?: "ES256" | "EdDSA" | "RS256" | "PS256";
}

/**
 * The configuration of Better Auth's `jwt()` plugin that Jazz needs: an explicit issuer, custom
 * claims nested under `claims` (the only place Jazz policies look), `sub` = the user id, **no
 * personal data** (Better Auth's default payload is the whole user row), and ES256 by default —
 * Jazz verifies EdDSA too, but ES256 is the one algorithm every JWT library, browser WebCrypto and
 * key-management service supports, so the same keys work for any other backend you add.
 *
 * @example
 * ```ts
 * betterAuth({ plugins: [jwt(jazzJwt({ issuer: "https://app.example.com", claims: ({ user }) => ({ role: user.role }) }))] });
 * ```
 */
export function jazzJwt(options: JazzJwtOptions): JwtOptions {
  if (!options?.issuer) throw new TypeError("[jazz-auth] jazzJwt needs an `issuer` (your app's URL).");
  const { claims, subject } = options;
  return {
    jwks: {
      keyPairConfig: options.alg === "EdDSA" ? { alg: "EdDSA", crv: "Ed25519" } : { alg: options.alg ?? "ES256" },
    },
    jwt: {
      issuer: options.issuer,
      audience: options.audience ?? options.issuer,
      expirationTime: options.expirationTime ?? "15m",
      definePayload: async (context) => ({ claims: claims ? await claims(context as JazzJwtContext) : {} }),
      ...(subject ? { getSubject: (context) => subject(context as JazzJwtContext) } : {}),
    },
  };
}

/** Options of {@link jazzLocalFirstSignUp}. */
export interface JazzLocalFirstSignUpOptions {
  /** The audience the client minted the proof for (`db.getLocalFirstIdentityProof({ audience })`). */
  readonly audience: string;
  /** Refuse sign-ups without a proof (default false: a sign-up without one gets a new id). */
  readonly required?: boolean;
  /** The longest proof lifetime accepted (default 300 s; Jazz's own limit is 3600). */
  readonly maxTtlSeconds?: number;
  /**
   * The most verified proofs waiting for their user at once (default 1000). A sign-up whose proof
   * verified but whose user was never created (a refused password, a taken e-mail) leaves one
   * behind for 30 s at most; past the bound the oldest is dropped, so a flood cannot grow memory.
   */
  readonly maxPendingSignUps?: number;
  /** The clock for proof expiry and for how long a proven id waits (default `Date.now()`). */
  readonly clock?: Clock;
}

/** The Better Auth plugin {@link jazzLocalFirstSignUp} returns. */
export type JazzLocalFirstSignUpPlugin = BetterAuthPlugin & {
  /** How many verified proofs wait for their user now (at most `maxPendingSignUps`): a gauge for monitoring. */
  readonly pendingSignUps: () => number;
};

/** How long a verified proof waits for its user to be created. */
const PENDING_MS = 30_000;

/**
 * Proven Jazz user ids by e-mail, from the request hook to the user-creation hook: at most `max`
 * entries, each kept `PENDING_MS` at most. Insertion order is age order (a repeated e-mail moves to
 * the end), so pruning and eviction look at the oldest entries only.
 */
function pendingSignUps(max: number, clock: Clock) {
  const entries = new Map<string, { readonly userId: string; readonly at: number }>();
  const prune = (now: number) => {
    for (const [email, entry] of entries) {
      if (now - entry.at < PENDING_MS && entries.size <= max) break;
      entries.delete(email);
    }
  };
  return {
    remember(email: string, userId: string): void {
      entries.delete(email);
      entries.set(email, { userId, at: clock.now() });
      prune(clock.now());
    },
    take(email: string): string | undefined {
      const entry = entries.get(email);
      entries.delete(email);
      return entry && clock.now() - entry.at < PENDING_MS ? entry.userId : undefined;
    },
    forget(email: string): void {
      entries.delete(email);
    },
    size(): number {
      prune(clock.now());
      return entries.size;
    },
  };
}

/**
 * A Better Auth plugin that keeps a local-first Jazz identity on sign-up: `POST /sign-up/email`
 * with a `proofToken` (a Jazz local-first identity proof) creates the user with the proven Jazz user
 * id, so data made before sign-up stays the user's (as Jazz's own example does:
 * garden-co/jazz examples/auth-betterauth-chat/src/lib/auth.ts:22-57 at 6a363411a). The proof is checked in
 * TypeScript (`verifyLocalFirstProof`), no native module. A bad, expired, other-audience, already
 * used or (with `required`) missing proof is a 400 and creates nothing. A proven id waits at most
 * 30 s for its user, and at most `maxPendingSignUps` wait at once.
 *
 * @example
 * ```ts
 * betterAuth({ plugins: [jwt(jazzJwt({ issuer })), jazzLocalFirstSignUp({ audience: "betterauth-signup" })] });
 * ```
 */
export function jazzLocalFirstSignUp(options: JazzLocalFirstSignUpOptions): JazzLocalFirstSignUpPlugin {
  if (!options?.audience) throw new TypeError("[jazz-auth] jazzLocalFirstSignUp needs the proof `audience`.");
  const max = options.maxPendingSignUps ?? 1000;
  if (!Number.isInteger(max) || max < 1)
    throw new TypeError("[jazz-auth] jazzLocalFirstSignUp: maxPendingSignUps must be a positive integer.");
  const clock = options.clock ?? { now: () => Date.now() };
  // Proven ids travel from the request hook to the user-creation hook by e-mail (the request body is
  // re-parsed between them); only a verified proof writes here, so clients cannot choose an id.
  const pending = pendingSignUps(max, clock);
  return {
    pendingSignUps: pending.size,
    id: "jazz-local-first-sign-up",
    hooks: {
      before: [
        {
          matcher: (context) => context.path === "/sign-up/email",
          handler: createAuthMiddleware(async (ctx) => {
            const body = ctx.body as Record<string, unknown>;
            const email = String(body.email ?? "").toLowerCase();
            const proof = body.proofToken;
            delete body.proofToken;
            pending.forget(email);
            if (proof === undefined || proof === null || proof === "") {
              if (options.required) throw new APIError("BAD_REQUEST", { message: "proofToken is required" });
              return;
            }
            let userId: string;
            try {
              ({ userId } = await verifyLocalFirstProof(String(proof), {
                audience: options.audience,
                maxTtlSeconds: options.maxTtlSeconds ?? 300,
                now: new Date(clock.now()),
              }));
            } catch (error) {
              const code = (error as { code?: string }).code ?? "ERR_MALFORMED";
              throw new APIError("BAD_REQUEST", { message: `Invalid local-first proof (${code}).` });
            }
            if (await ctx.context.internalAdapter.findUserById(userId)) {
              throw new APIError("BAD_REQUEST", {
                message: "This local-first identity is already linked to an account.",
              });
            }
            pending.remember(email, userId);
          }),
        },
      ],
    },
    init() {
      return {
        options: {
          databaseHooks: {
            user: {
              create: {
                async before(user) {
                  const email = String(user.email ?? "").toLowerCase();
                  const proven = pending.take(email);
                  return proven ? { data: { ...user, id: proven } } : { data: user };
                },
              },
            },
          },
        },
      };
    },
  };
}
