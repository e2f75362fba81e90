/** Figures of the strict verifier: throughput against jose, and JWKS fetch counts under load. */

import {
  createPrivateKey,
  createPublicKey,
  type JsonWebKey as NodeJwk,
  sign as nodeSign,
  verify as nodeVerify,
} from "node:crypto";
import { createFakeClock, createTestIssuer } from "@jazz-auth/testing";
import { importJWK, jwtVerify } from "jose";
import { compareThroughput } from "./measure";
import { verifierPackage } from "./verifier-package";

const { createVerifier, createJazzTokenBridge } = verifierPackage;

/** Verifications per second of `verify()` (warm cache) and of jose's `jwtVerify` with the same key and options. */
export async function verifyThroughput(alg: string, { iterations = 2000, rounds = 9, tokenCache = false } = {}) {
  const issuer = await createTestIssuer({ algorithms: [alg] });
  try {
    const token = await issuer.mint({ claims: { role: "admin" } });
    const jwk = issuer.jwks().keys[0] ?? {};
    const key = await importJWK(jwk, alg);
    const options = {
      issuer: issuer.issuer,
      audience: issuer.audience,
      algorithms: [alg],
      clockTolerance: 5,
      requiredClaims: ["exp", "sub"],
    };
    const verifier = createVerifier({
      jwksUrl: issuer.jwksUrl,
      issuer: issuer.issuer,
      audience: issuer.audience,
      algorithms: [alg as "ES256"],
      // Off for the comparison: jose verifies the token in full every time. On, it measures a repeat.
      ...(tokenCache ? {} : { tokenCache: false as const }),
    });
    await verifier.verify(token);
    const result = await compareThroughput(
      () => verifier.verify(token),
      () => jwtVerify(token, key, options),
      { iterations, rounds },
    );
    return { alg, ours: result.ours, jose: result.baseline, ratio: result.ratio, fetches: issuer.fetches };
  } finally {
    await issuer.close();
  }
}

/** JWKS fetches for 1,000 concurrent cold verifications. */
export async function coldFetches(concurrency = 1000): Promise<number> {
  const issuer = await createTestIssuer();
  try {
    const verifier = createVerifier({ jwksUrl: issuer.jwksUrl, issuer: issuer.issuer, audience: issuer.audience });
    const token = await issuer.mint();
    await Promise.all(Array.from({ length: concurrency }, () => verifier.verify(token)));
    return issuer.fetches;
  } finally {
    await issuer.close();
  }
}

/** Extra JWKS fetches caused by `count` tokens with forged `kid`s sent within `windowMs` (real time). */
export async function forgedKidFlood(count = 10_000, windowMs = 2000) {
  const issuer = await createTestIssuer();
  try {
    const verifier = createVerifier({ jwksUrl: issuer.jwksUrl, issuer: issuer.issuer, audience: issuer.audience });
    await verifier.verify(await issuer.mint());
    const before = issuer.fetches;
    const forged = await Promise.all(Array.from({ length: 50 }, (_, i) => issuer.mint({}, { kid: `forged-${i}` })));
    const started = performance.now();
    let sent = 0;
    const refusals = new Set<string>();
    while (sent < count && performance.now() - started < windowMs) {
      const batch = Array.from({ length: 500 }, (_, i) =>
        verifier
          .verify(forged[(sent + i) % forged.length] ?? "")
          .catch((error: { code: string }) => refusals.add(error.code)),
      );
      await Promise.all(batch);
      sent += batch.length;
    }
    return {
      sent,
      elapsedMs: performance.now() - started,
      extraFetches: issuer.fetches - before,
      refusals: [...refusals],
    };
  } finally {
    await issuer.close();
  }
}

/** During an outage that starts at TTL, the last second (after the last good fetch) a valid token still verified. */
export async function outageWindow() {
  const clock = createFakeClock({ start: Date.UTC(2026, 10, 29) });
  const issuer = await createTestIssuer({ clock });
  try {
    const verifier = createVerifier({
      jwksUrl: issuer.jwksUrl,
      issuer: issuer.issuer,
      audience: issuer.audience,
      clock,
    });
    await verifier.verify(await issuer.mint());
    issuer.mode = "down";
    let lastAccepted = 0;
    for (let second = 1; second <= 900; second += 1) {
      clock.sleep(1000);
      const accepted = await verifier.verify(await issuer.mint()).then(
        () => true,
        () => false,
      );
      if (accepted) lastAccepted = second;
    }
    return { lastAcceptedSecond: lastAccepted, fetchesDuringOutage: issuer.fetches - 1 };
  } finally {
    await issuer.close();
  }
}

/**
 * The least an exchange must do, with node:crypto `KeyObject`s and nothing else: check the provider
 * token's RS256 signature (the token already split and decoded) and sign an ES256 Jazz token.
 */
function rawVerifyAndSign(token: string, providerJwk: object, signingJwk: object): () => string {
  const providerKey = createPublicKey({ key: providerJwk as NodeJwk, format: "jwk" });
  const signing = {
    key: createPrivateKey({ key: signingJwk as NodeJwk, format: "jwk" }),
    dsaEncoding: "ieee-p1363" as const,
  };
  const dot = token.lastIndexOf(".");
  const data = Buffer.from(token.slice(0, dot));
  const signature = Buffer.from(token.slice(dot + 1), "base64url");
  const b64 = (value: string | Uint8Array) => Buffer.from(value).toString("base64url");
  const header = b64(JSON.stringify({ alg: "ES256", kid: "bench", typ: "JWT" }));
  return () => {
    if (!nodeVerify("sha256", data, providerKey, signature)) throw new Error("the provider token does not verify");
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      claims: { role: "admin" },
      iss: "https://bench.example/jazz",
      sub: "user-1",
      iat: now,
      exp: now + 600,
    };
    const input = `${header}.${b64(JSON.stringify(payload))}`;
    return `${input}.${b64(nodeSign("sha256", Buffer.from(input), signing))}`;
  };
}

/**
 * Bridge exchanges per second against the same work done with jose by hand in one run: verify the
 * provider token (jwtVerify with the same key and options) and sign a Jazz token (SignJWT with the
 * same key).
 */
export async function bridgeThroughput({ iterations = 1000, rounds = 7 } = {}) {
  const { exportJWK, generateKeyPair, SignJWT } = await import("jose");
  const issuer = await createTestIssuer({ algorithms: ["RS256"] });
  try {
    const token = await issuer.mint({ role: "admin" });
    const providerKey = await importJWK(issuer.jwks().keys[0] ?? {}, "RS256");
    const { privateKey } = await generateKeyPair("ES256", { extractable: true });
    const signingKey = { ...(await exportJWK(privateKey)), kid: "bench", alg: "ES256" };
    const bridge = createJazzTokenBridge({
      verifier: createVerifier({
        jwksUrl: issuer.jwksUrl,
        issuer: issuer.issuer,
        audience: issuer.audience,
        algorithms: ["RS256"],
        tokenCache: false, // the hand-written baseline verifies in full every time
      }),
      signingKey,
      issuer: "https://bench.example/jazz",
      claims: (verified) => ({ role: verified.payload.role }),
    });
    const byHand = async () => {
      const { payload } = await jwtVerify(token, providerKey, {
        issuer: issuer.issuer,
        audience: issuer.audience,
        algorithms: ["RS256"],
        requiredClaims: ["exp", "sub"],
      });
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ claims: { role: payload.role } })
        .setProtectedHeader({ alg: "ES256", kid: "bench", typ: "JWT" })
        .setIssuer("https://bench.example/jazz")
        .setSubject(String(payload.sub))
        .setIssuedAt(now)
        .setExpirationTime(Math.min(now + 600, Number(payload.exp)))
        .sign(privateKey);
    };
    const result = await compareThroughput(() => bridge.exchange(token), byHand, { iterations, rounds });
    const raw = rawVerifyAndSign(token, issuer.jwks().keys[0] ?? {}, signingKey);
    const limit = await compareThroughput(
      () => bridge.exchange(token),
      async () => raw(),
      { iterations, rounds },
    );
    return {
      ours: result.ours,
      jose: result.baseline,
      ratio: result.ratio,
      raw: limit.baseline,
      rawRatio: limit.ratio,
    };
  } finally {
    await issuer.close();
  }
}
