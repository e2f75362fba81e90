import type { JsonNode, JsonString } from "./serde-json";

/**
 * How serde's derived `Deserialize` reads a {@link JsonNode} into the Rust types the Jazz server
 * uses (serde 1.0 derive, serde_json 1.0.149). A struct is read from an object (members by name,
 * unknown members skipped, a repeated known member refused as "duplicate field") or from an array
 * (fields in declaration order; a missing trailing field is refused unless it has
 * `#[serde(default)]`); a container at depth 128 is refused (serde_json de.rs `check_recursion`).
 */

/** The result of one typed read. `note` flags a case this model cannot settle from the source. */
export type Read<T> =
  | { readonly ok: true; readonly value: T; readonly note?: string }
  | { readonly ok: false; readonly error: string; readonly note?: string };

/** A typed reader of one value. */
export type Shape<T> = (node: JsonNode) => Read<T>;

/** One field of a derived struct. */
export interface Field {
  readonly name: string;
  readonly shape: Shape<unknown>;
  /** `Option<T>`: a missing member is `None` (by name only). */
  readonly optional?: boolean;
  /** `#[serde(default)]`: missing by name or at the end of an array is the default. */
  readonly hasDefault?: boolean;
}

const SERDE_DEPTH_LIMIT = 128;
const ok = <T>(value: T, note?: string): Read<T> => (note ? { ok: true, value, note } : { ok: true, value });
const fail = (error: string, note?: string): Read<never> => (note ? { ok: false, error, note } : { ok: false, error });

/** A key or string as `&str`/`String`: a lone surrogate or invalid UTF-8 is refused. */
export function strictString(node: JsonString): Read<string> {
  if (node.lone) return fail("lone surrogate in hex escape");
  if (node.badUtf8) return fail("invalid unicode code point");
  return ok(node.v);
}

/** `String`. */
export const stringShape: Shape<string> = (node) =>
  node.t === "str" ? strictString(node) : fail("invalid type, expected a string");

/** `Option<T>`: `null` is `None`. */
export const option =
  <T>(inner: Shape<T>): Shape<T | undefined> =>
  (node) =>
    node.t === "null" ? ok(undefined) : inner(node);

/** `u64`: a non-negative integer literal that fits (`1.0`, `1e3`, `-0` and larger values are floats). */
export const u64Shape: Shape<bigint> = (node) =>
  node.t === "num" && node.kind === "u64" ? ok(BigInt(node.raw)) : fail("invalid type, expected u64");

/** A unit-variant enum read from its name (`Algorithm`, `KeyAlgorithm`, `EllipticCurve`, `kty` tags). */
export const enumShape =
  (names: readonly string[]): Shape<string> =>
  (node) => {
    if (node.t === "obj" && node.entries.length === 1)
      return fail(
        "enum in map form",
        'An enum written as a one-member object (`{"HS256":null}`): serde_json may read it as that variant; the prediction refuses it.',
      );
    if (node.t !== "str") return fail("invalid type, expected a variant name");
    const name = strictString(node);
    if (!name.ok) return name;
    return names.includes(name.value) ? ok(name.value) : fail(`unknown variant \`${name.value}\``);
  };

/** `Vec<T>`. */
export const vecShape =
  <T>(inner: Shape<T>): Shape<T[]> =>
  (node) => {
    if (node.t !== "arr") return fail("invalid type, expected a sequence");
    if (node.depth >= SERDE_DEPTH_LIMIT) return fail("recursion limit exceeded");
    const out: T[] = [];
    for (const item of node.items) {
      const read = inner(item);
      if (!read.ok) return read;
      out.push(read.value);
    }
    return ok(out);
  };

/** `serde_json::Value`: everything parsed; the last of repeated members wins (value/de.rs `visit_map`). */
export const valueShape: Shape<unknown> = (node) => {
  switch (node.t) {
    case "null":
      return ok(null);
    case "bool":
      return ok(node.v);
    case "num":
      return node.overflow ? fail("number out of range") : ok(Number(node.raw));
    case "str":
      return strictString(node);
    case "arr": {
      if (node.depth >= SERDE_DEPTH_LIMIT) return fail("recursion limit exceeded");
      const out: unknown[] = [];
      for (const item of node.items) {
        const read = valueShape(item);
        if (!read.ok) return read;
        out.push(read.value);
      }
      return ok(out);
    }
    case "obj": {
      if (node.depth >= SERDE_DEPTH_LIMIT) return fail("recursion limit exceeded");
      const out: Record<string, unknown> = {};
      for (const [key, item] of node.entries) {
        const name = strictString(key);
        if (!name.ok) return name;
        const read = valueShape(item);
        if (!read.ok) return read;
        Object.defineProperty(out, name.value, {
          value: read.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return ok(out);
    }
  }
};

/** True when reading `node` as a whole (serde's `Content`, a `Value`) fails somewhere inside. */
export const hasInnerFault = (node: JsonNode): boolean => !valueShape(node).ok;

/** Reads a derived struct with `fields` (in declaration order) from an object or an array. */
export function structShape(
  fields: readonly Field[],
  options: { readonly mapOnly?: boolean } = {},
): Shape<Record<string, unknown>> {
  return (node) => {
    if (node.t === "arr" && !options.mapOnly) return structFromSeq(fields, node.items, node.depth);
    if (node.t !== "obj") return fail("invalid type, expected a struct");
    if (node.depth >= SERDE_DEPTH_LIMIT) return fail("recursion limit exceeded");
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    const notes: string[] = [];
    for (const [key, item] of node.entries) {
      const name = strictString(key);
      if (!name.ok) return name;
      const field = fields.find((candidate) => candidate.name === name.value);
      if (!field) continue;
      if (seen.has(field.name))
        return fail(`duplicate field \`${field.name}\``, options.mapOnly ? FLATTEN_DUPLICATE : undefined);
      seen.add(field.name);
      const read = field.shape(item);
      if (!read.ok) return fail(`${field.name}: ${read.error}`, read.note);
      if (read.note) notes.push(read.note);
      out[field.name] = read.value;
    }
    for (const field of fields) {
      if (seen.has(field.name) || field.optional || field.hasDefault) continue;
      return fail(`missing field \`${field.name}\``);
    }
    return ok(out, notes.join("; ") || undefined);
  };
}

function structFromSeq(
  fields: readonly Field[],
  items: readonly JsonNode[],
  depth: number,
): Read<Record<string, unknown>> {
  if (depth >= SERDE_DEPTH_LIMIT) return fail("recursion limit exceeded");
  if (items.length > fields.length) return fail("trailing characters (invalid length)");
  const out: Record<string, unknown> = {};
  const notes: string[] = [];
  for (const [index, field] of fields.entries()) {
    const item = items[index];
    if (item === undefined) {
      if (field.hasDefault) continue;
      return fail(`invalid length ${items.length}, expected ${fields.length} elements`);
    }
    const read = field.shape(item);
    if (!read.ok) return fail(`${field.name}: ${read.error}`, read.note);
    if (read.note) notes.push(read.note);
    out[field.name] = read.value;
  }
  return ok(out, notes.join("; ") || undefined);
}

/** Why a repeated member of a flattened struct (a JWK) is only modelled. */
const FLATTEN_DUPLICATE =
  "A JWK repeats a member: modelled as refused (serde's flatten buffers the members, and the derived reader refuses a repeated field), not run against the Rust code.";

/**
 * jsonwebtoken 9.3.1 `numeric_type` (validation.rs): any scalar becomes "failed to parse" without
 * an error, but a non-empty array or object stops serde_json mid-value (`deserialize_any` then
 * `end_seq`/`end_map` refuse), so the enclosing struct fails on the bytes left over.
 */
export const numericTypeShape: Shape<unknown> = (node) => {
  if ((node.t === "arr" && node.items.length > 0) || (node.t === "obj" && node.entries.length > 0))
    return fail("a non-empty container where jsonwebtoken reads a NumericDate breaks the JSON stream");
  if (node.t === "str" && node.lone)
    return ok(
      undefined,
      "a lone surrogate in `exp`/`nbf` stops serde_json inside the string; whether the rest parses depends on the next bytes",
    );
  return ok(undefined);
};

/**
 * jsonwebtoken's `TryParse<Cow<str>>` (validation.rs `sub`): a string, number, bool or null is read
 * or skipped, but an array or object is refused without being consumed (`peek_invalid_type`).
 */
export const tryParseStrShape: Shape<unknown> = (node) => {
  if (node.t === "arr" || node.t === "obj")
    return fail("a container where jsonwebtoken reads `sub` breaks the JSON stream");
  if (node.t === "str" && node.lone) return ok(undefined, "a lone surrogate in `sub` (see numeric_type)");
  return ok(undefined);
};

/**
 * jsonwebtoken's `TryParse<Audience>` / `TryParse<Issuer>` (untagged enums, buffered as serde
 * `Content`): any value is consumed whole, except that a fault inside a container (a lone
 * surrogate, invalid UTF-8, an overflowing float, depth 128) stops the buffering mid-container.
 */
export const tryParseUntaggedShape: Shape<unknown> = (node) => {
  if ((node.t === "arr" || node.t === "obj") && hasInnerFault(node))
    return fail("a fault inside `aud`/`iss` stops serde_json mid-container");
  if (node.t === "str" && node.lone) return ok(undefined, "a lone surrogate in `aud`/`iss` (see numeric_type)");
  return ok(undefined);
};
