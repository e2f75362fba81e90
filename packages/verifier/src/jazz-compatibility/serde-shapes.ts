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
    if (node.t === "obj" && node.entries.length === 1) {
      // serde_json reads `{"Variant": null}` as a unit variant (de.rs `deserialize_enum`, `unit_variant`).
      const [key, value] = node.entries[0] as readonly [JsonString, JsonNode];
      const name = strictString(key);
      if (!name.ok) return name;
      if (!names.includes(name.value)) return fail(`unknown variant \`${name.value}\``);
      return value.t === "null" ? ok(name.value) : fail("invalid type, expected unit");
    }
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

/** True when reading `node` as a `Value` fails somewhere inside. */
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
      if (seen.has(field.name)) return fail(`duplicate field \`${field.name}\``);
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

/**
 * How serde_json ends when a visitor reads `node` with `deserialize_any` (serde's `Content`, or a
 * visitor that refuses the value): `"ok"`, `"intact"` when the read fails but the bytes of the value
 * were consumed (invalid UTF-8 is found after the whole string, an overflowing float after its
 * digits, a lone leading surrogate right before the closing quote), or `"broken"` when it stops
 * inside the value, so the enclosing struct fails on the bytes left. A failure inside an array or
 * object keeps the stream whole only when it is the last element at every level, because each level
 * still calls `end_seq`/`end_map` (de.rs `deserialize_any`); a failing member name never does.
 * Checked against serde_json 1.0.149 itself (see docs/server/jazz-compatibility.md).
 */
export function anyRead(node: JsonNode): "ok" | "intact" | "broken" {
  switch (node.t) {
    case "str":
      return stringRead(node);
    case "num":
      return node.overflow ? "intact" : "ok";
    case "arr":
    case "obj": {
      if (node.depth >= SERDE_DEPTH_LIMIT) return "broken";
      const values = node.t === "arr" ? node.items : node.entries.map(([, value]) => value);
      if (node.t === "obj" && node.entries.some(([key]) => stringRead(key) !== "ok")) return "broken";
      for (const [index, value] of values.entries()) {
        const read = anyRead(value);
        if (read === "ok") continue;
        return read === "intact" && index === values.length - 1 ? "intact" : "broken";
      }
      return "ok";
    }
    default:
      return "ok";
  }
}

function stringRead(node: JsonString): "ok" | "intact" | "broken" {
  if (node.lone) return node.loneStop === "end" ? "intact" : "broken";
  return node.badUtf8 ? "intact" : "ok";
}

/**
 * jsonwebtoken 9.3.1 `numeric_type` (validation.rs:334): `deserialize_any` with a visitor that
 * takes only numbers, and a failure turned into "failed to parse". A scalar never fails the
 * struct, except a string serde_json stops inside; a non-empty array or object always does (the
 * visitor refuses it before reading an element, and `end_seq`/`end_map` meet the element).
 */
export const numericTypeShape: Shape<unknown> = (node) => {
  if ((node.t === "arr" && node.items.length > 0) || (node.t === "obj" && node.entries.length > 0))
    return fail("a non-empty container where jsonwebtoken reads a NumericDate breaks the JSON stream");
  if (node.t === "str" && stringRead(node) === "broken") return fail("serde_json stops inside the string");
  return ok(undefined);
};

/**
 * jsonwebtoken's `TryParse<Cow<str>>` (validation.rs `sub`): `deserialize_str` reads a string (or
 * consumes a scalar while refusing it), but refuses an array or object without consuming it
 * (de.rs `peek_invalid_type`).
 */
export const tryParseStrShape: Shape<unknown> = (node) => {
  if (node.t === "arr" || node.t === "obj")
    return fail("a container where jsonwebtoken reads `sub` breaks the JSON stream");
  if (node.t === "str" && stringRead(node) === "broken") return fail("serde_json stops inside the string");
  return ok(undefined);
};

/** jsonwebtoken's `TryParse<Audience>` / `TryParse<Issuer>` (untagged enums, buffered as serde `Content`). */
export const tryParseUntaggedShape: Shape<unknown> = (node) =>
  anyRead(node) === "broken" ? fail("serde_json stops inside `aud`/`iss`") : ok(undefined);
