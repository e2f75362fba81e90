/**
 * Ways of damaging a token for the fuzz tests: character edits, swapped segments, and a header
 * member or claim replaced by any JSON value (re-encoded, so the signature no longer matches).
 */
import fc from "fast-check";

const b64 = (text: string) => Buffer.from(text).toString("base64url");
const unb64 = (segment: string) => Buffer.from(segment, "base64url").toString();
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.= \n+/";

/** One way of damaging a token; each keeps the result a string. */
export const tokenMutation: fc.Arbitrary<Record<string, unknown> & { kind: string }> = fc.oneof(
  fc.record({ kind: fc.constant("replace"), at: fc.nat(), char: fc.constantFrom(...ALPHABET) }),
  fc.record({ kind: fc.constant("insert"), at: fc.nat(), char: fc.constantFrom(...ALPHABET) }),
  fc.record({ kind: fc.constant("delete"), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant("swap"), a: fc.nat(2), b: fc.nat(2) }),
  fc.record({
    kind: fc.constant("claim"),
    name: fc.constantFrom("sub", "exp", "iss", "aud", "iat", "nbf", "claims"),
    value: fc.jsonValue(),
  }),
  fc.record({
    kind: fc.constant("header"),
    name: fc.constantFrom("alg", "kid", "crit", "b64", "jku", "typ"),
    value: fc.jsonValue(),
  }),
);

/** Applies one {@link tokenMutation} to a token. */
export function mutateToken(token: string, change: Record<string, unknown> & { kind: string }): string {
  const at = (n: unknown) => (n as number) % (token.length + 1);
  const parts = token.split(".");
  switch (change.kind) {
    case "replace":
      return token.slice(0, at(change.at)) + change.char + token.slice(at(change.at) + 1);
    case "insert":
      return token.slice(0, at(change.at)) + change.char + token.slice(at(change.at));
    case "delete":
      return token.slice(0, at(change.at)) + token.slice(at(change.at) + (change.length as number));
    case "swap": {
      const copy = [...parts];
      [copy[change.a as number], copy[change.b as number]] = [
        parts[change.b as number] ?? "",
        parts[change.a as number] ?? "",
      ];
      return copy.join(".");
    }
    default: {
      const index = change.kind === "claim" ? 1 : 0;
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(unb64(parts[index] ?? "")) as Record<string, unknown>;
      } catch {
        return token; // an earlier mutation already broke this segment
      }
      json[change.name as string] = change.value;
      parts[index] = b64(JSON.stringify(json));
      return parts.join(".");
    }
  }
}
