import { deepFreeze } from "@jazz-auth/core";
import { decodeBase64Url } from "./base64url";
import { refuse } from "./errors";
import { parseJsonObject } from "./json-object";

/**
 * Headers parsed before, by their segment text (frozen): an issuer's tokens share a few headers, so
 * most tokens skip decoding and parsing theirs. Only headers that parsed are kept, at most
 * {@link MAX_KNOWN_HEADERS}: the memo is emptied when full, so odd headers cannot grow it.
 */
export type HeaderMemo = Map<string, Readonly<Record<string, unknown>>>;

/** The most headers a {@link HeaderMemo} holds. */
export const MAX_KNOWN_HEADERS = 64;

/** A compact JWS taken apart, before any cryptography. */
export interface ParsedJws {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
  /** The signature segment, checked to be canonical base64url. */
  readonly signature: string;
  /** The signature's bytes, decoded once here. */
  readonly signatureBytes: Uint8Array<ArrayBuffer>;
}

/**
 * Takes a compact JWS apart strictly: a string of at most `maxBytes` characters, exactly three
 * canonical base64url segments (no whitespace, padding or stray bits), a header and payload that
 * are UTF-8 JSON objects without duplicate members. The signature may be empty here; the
 * algorithm check decides about that.
 *
 * @throws {VerificationError} `ERR_TOKEN_TOO_LARGE` or `ERR_MALFORMED`.
 */
export function parseCompactJws(token: unknown, maxBytes: number, headers?: HeaderMemo): ParsedJws {
  if (typeof token !== "string") throw refuse("ERR_MALFORMED", `A token must be a string, got ${typeof token}.`);
  if (token.length > maxBytes) {
    throw refuse("ERR_TOKEN_TOO_LARGE", `The token has ${token.length} characters; the limit is ${maxBytes}.`);
  }
  // The two dots found directly (no array of segments): a third dot means more than 3 segments.
  const first = token.indexOf(".");
  const second = first === -1 ? -1 : token.indexOf(".", first + 1);
  if (second === -1 || token.indexOf(".", second + 1) !== -1) {
    throw refuse("ERR_MALFORMED", `A compact JWS has 3 segments; this token has ${token.split(".").length}.`);
  }
  const headerText = token.slice(0, first);
  const payloadText = token.slice(first + 1, second);
  const signatureText = token.slice(second + 1);
  const known = headers?.get(headerText);
  const headerBytes = known ? null : decodeBase64Url(headerText);
  const payloadBytes = decodeBase64Url(payloadText);
  const signatureBytes = decodeBase64Url(signatureText);
  if ((!known && !headerBytes?.length) || !payloadBytes?.length || !signatureBytes) {
    throw refuse("ERR_MALFORMED", "Each segment must be canonical, unpadded base64url without whitespace.");
  }
  const header = known ?? parseJsonObject(headerBytes as Uint8Array);
  const payload = parseJsonObject(payloadBytes);
  if (!header) throw refuse("ERR_MALFORMED", "The header is not a UTF-8 JSON object with unique members.");
  if (!payload) throw refuse("ERR_MALFORMED", "The payload is not a UTF-8 JSON object with unique members.");
  if (headers && !known) {
    if (headers.size >= MAX_KNOWN_HEADERS) headers.clear();
    headers.set(headerText, deepFreeze(header));
  }
  return { header, payload, signature: signatureText, signatureBytes };
}
