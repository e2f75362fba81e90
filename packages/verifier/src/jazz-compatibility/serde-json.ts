/**
 * A JSON reader that keeps what serde_json 1.0.149 (the Jazz server's parser) decides on and
 * `JSON.parse` hides: the raw number text, strings with lone surrogate escapes or invalid UTF-8,
 * repeated member names in order, and each container's nesting depth. Grammar errors are the ones
 * serde_json raises on any value, parsed or skipped (serde-rs/json src/de.rs, src/read.rs at
 * v1.0.149): no byte-order mark, no trailing characters, only ` \t\n\r` as white space, control
 * characters refused inside strings, `\u` escapes of exactly four hex digits. What serde_json
 * refuses only when it parses a value into a typed field (a lone surrogate, invalid UTF-8, a float
 * that overflows, depth 128) is recorded here and judged by `serde-shapes.ts`.
 */

/** A string as serde_json sees it. */
export interface JsonString {
  readonly t: "str";
  /** The value, lone surrogates kept as UTF-16 code units, invalid UTF-8 as U+FFFD. */
  readonly v: string;
  /** A `\uD800`-style escape without its pair (serde_json read.rs `parse_unicode_escape`). */
  readonly lone: boolean;
  /**
   * Where serde_json stops on the first lone surrogate: `"end"` when it is a leading surrogate right
   * before the closing quote (serde_json consumes that quote, read.rs:926-933, so the stream is whole
   * again), `"inside"` otherwise (the rest of the string is left unread).
   */
  readonly loneStop?: "end" | "inside";
  /** Raw bytes that are not UTF-8 (read.rs `as_str`: refused when parsed, skipped when ignored). */
  readonly badUtf8: boolean;
}

/** A number: its text and the serde_json `ParserNumber` it becomes (de.rs `parse_integer`). */
export interface JsonNumber {
  readonly t: "num";
  readonly raw: string;
  /** `u64` for a non-negative integer that fits, `i64` for a negative one, `f64` otherwise (`-0` included). */
  readonly kind: "u64" | "i64" | "f64";
  /** An `f64` that is not finite: serde_json's "number out of range" when parsed. */
  readonly overflow: boolean;
}

/** Any JSON value with the facts above; `depth` counts containers from 1 at the top level. */
export type JsonNode =
  | { readonly t: "null" }
  | { readonly t: "bool"; readonly v: boolean }
  | JsonNumber
  | JsonString
  | { readonly t: "arr"; readonly items: readonly JsonNode[]; readonly depth: number }
  | {
      readonly t: "obj";
      readonly entries: readonly (readonly [JsonString, JsonNode])[];
      readonly depth: number;
    };

/** A refusal of the whole text, with serde_json's category. */
export interface JsonSyntaxError {
  readonly error: string;
}

const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lossy = new TextDecoder("utf-8", { ignoreBOM: true });

/** The deepest nesting this reader walks; beyond it the text is refused (serde_json refuses at 128 anyway). */
const MAX_WALK_DEPTH = 4096;

class Reader {
  i = 0;
  constructor(readonly b: Uint8Array) {}

  fail(message: string): never {
    throw new SyntaxError(`${message} at byte ${this.i}`);
  }

  ws(): void {
    while (this.i < this.b.length) {
      const c = this.b[this.i];
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.i++;
    }
  }

  value(depth: number): JsonNode {
    this.ws();
    const c = this.b[this.i];
    if (c === undefined) this.fail("EOF while parsing a value");
    if (c === 0x7b || c === 0x5b) {
      if (depth + 1 > MAX_WALK_DEPTH) this.fail("nesting too deep to read");
      return c === 0x7b ? this.object(depth + 1) : this.array(depth + 1);
    }
    if (c === 0x22) return this.string();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    for (const [word, node] of [
      ["true", { t: "bool", v: true }],
      ["false", { t: "bool", v: false }],
      ["null", { t: "null" }],
    ] as const) {
      if (this.word(word)) return node;
    }
    return this.fail("expected value");
  }

  word(word: string): boolean {
    for (let k = 0; k < word.length; k++) if (this.b[this.i + k] !== word.charCodeAt(k)) return false;
    this.i += word.length;
    return true;
  }

  object(depth: number): JsonNode {
    this.i++;
    const entries: [JsonString, JsonNode][] = [];
    this.ws();
    if (this.b[this.i] === 0x7d) {
      this.i++;
      return { t: "obj", entries, depth };
    }
    for (;;) {
      this.ws();
      if (this.b[this.i] !== 0x22) this.fail("key must be a string");
      const key = this.string();
      this.ws();
      if (this.b[this.i] !== 0x3a) this.fail("expected `:`");
      this.i++;
      entries.push([key, this.value(depth)]);
      this.ws();
      const c = this.b[this.i++];
      if (c === 0x7d) return { t: "obj", entries, depth };
      if (c !== 0x2c) this.fail("expected `,` or `}`");
    }
  }

  array(depth: number): JsonNode {
    this.i++;
    const items: JsonNode[] = [];
    this.ws();
    if (this.b[this.i] === 0x5d) {
      this.i++;
      return { t: "arr", items, depth };
    }
    for (;;) {
      items.push(this.value(depth));
      this.ws();
      const c = this.b[this.i++];
      if (c === 0x5d) return { t: "arr", items, depth };
      if (c !== 0x2c) this.fail("expected `,` or `]`");
    }
  }

  hex4(): number {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const c = this.b[this.i++] ?? -1;
      const d =
        c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
      if (d < 0) this.fail("invalid escape");
      n = n * 16 + d;
    }
    return n;
  }

  string(): JsonString {
    this.i++;
    let out = "";
    let lone = false;
    let loneStop: "end" | "inside" | undefined;
    let badUtf8 = false;
    const markLone = (leading: boolean) => {
      lone = true;
      loneStop ??= leading && this.b[this.i] === 0x22 ? "end" : "inside";
    };
    let runStart = this.i;
    const flush = (end: number) => {
      if (end === runStart) return;
      const bytes = this.b.subarray(runStart, end);
      try {
        out += utf8.decode(bytes);
      } catch {
        badUtf8 = true;
        out += lossy.decode(bytes);
      }
    };
    for (;;) {
      const c = this.b[this.i];
      if (c === undefined) this.fail("EOF while parsing a string");
      if (c === 0x22) {
        flush(this.i);
        this.i++;
        return loneStop ? { t: "str", v: out, lone, loneStop, badUtf8 } : { t: "str", v: out, lone, badUtf8 };
      }
      if (c < 0x20) this.fail("control character while parsing a string");
      if (c !== 0x5c) {
        this.i++;
        continue;
      }
      flush(this.i);
      this.i++;
      const e = this.b[this.i++];
      const simple: Record<number, string> = {
        34: '"',
        92: "\\",
        47: "/",
        98: "\b",
        102: "\f",
        110: "\n",
        114: "\r",
        116: "\t",
      };
      if (e !== undefined && simple[e] !== undefined) out += simple[e];
      else if (e === 0x75) {
        const n = this.hex4();
        if (n >= 0xd800 && n <= 0xdbff && this.b[this.i] === 0x5c && this.b[this.i + 1] === 0x75) {
          const save = this.i;
          this.i += 2;
          const m = this.hex4();
          if (m >= 0xdc00 && m <= 0xdfff) out += String.fromCharCode(n, m);
          else {
            markLone(false);
            out += String.fromCharCode(n);
            this.i = save;
          }
        } else {
          if (n >= 0xd800 && n <= 0xdfff) markLone(n <= 0xdbff);
          out += String.fromCharCode(n);
        }
      } else this.fail("invalid escape");
      runStart = this.i;
    }
  }

  number(): JsonNumber {
    const start = this.i;
    const digits = () => {
      const from = this.i;
      while ((this.b[this.i] ?? 0) >= 0x30 && (this.b[this.i] ?? 0) <= 0x39) this.i++;
      return this.i - from;
    };
    if (this.b[this.i] === 0x2d) this.i++;
    if (this.b[this.i] === 0x30) {
      this.i++;
      if ((this.b[this.i] ?? 0) >= 0x30 && (this.b[this.i] ?? 0) <= 0x39) this.fail("invalid number");
    } else if (digits() === 0) this.fail("invalid number");
    let float = false;
    if (this.b[this.i] === 0x2e) {
      this.i++;
      float = true;
      if (digits() === 0) this.fail("invalid number");
    }
    if (this.b[this.i] === 0x65 || this.b[this.i] === 0x45) {
      this.i++;
      float = true;
      if (this.b[this.i] === 0x2b || this.b[this.i] === 0x2d) this.i++;
      if (digits() === 0) this.fail("invalid number");
    }
    const raw = String.fromCharCode(...this.b.subarray(start, this.i));
    let kind: JsonNumber["kind"] = "f64";
    if (!float) {
      const n = BigInt(raw);
      if (raw.startsWith("-")) kind = n !== 0n && n >= I64_MIN ? "i64" : "f64";
      else kind = n <= U64_MAX ? "u64" : "f64";
    }
    return { t: "num", raw, kind, overflow: kind === "f64" && !Number.isFinite(Number(raw)) };
  }
}

/**
 * Reads `bytes` as serde_json's `from_slice` reads a document: one value, white space around it,
 * nothing else. Returns the tree, or the syntax error that makes every typed read fail.
 */
export function readSerdeJson(bytes: Uint8Array): JsonNode | JsonSyntaxError {
  const reader = new Reader(bytes);
  try {
    const node = reader.value(0);
    reader.ws();
    if (reader.i !== bytes.length) reader.fail("trailing characters");
    return node;
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** True when {@link readSerdeJson} refused the text. */
export const isSyntaxError = (value: JsonNode | JsonSyntaxError): value is JsonSyntaxError => "error" in value;
