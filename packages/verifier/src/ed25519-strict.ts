/** The group order L of Ed25519: 2^252 + 27742317777372353535851937790883648493. */
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
/** The field prime p = 2^255 − 19. */
const P = 2n ** 255n - 19n;

/**
 * The y-coordinates of every point of small order (1, 2, 4 or 8), little-endian, as libsodium
 * blocks them: 0, 1, p − 1 and the two y-values of the order-8 points.
 */
const SMALL_ORDER_Y: readonly bigint[] = [
  0n,
  1n,
  P - 1n,
  littleEndian(hex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05")),
  littleEndian(hex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a")),
];

function hex(text: string): Uint8Array {
  return Uint8Array.from(text.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

function littleEndian(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] ?? 0);
  return value;
}

/** A compressed point's y-coordinate (the sign bit of x cleared). */
function yOf(point: Uint8Array): bigint {
  const copy = point.slice();
  copy[31] = (copy[31] ?? 0) & 0x7f;
  return littleEndian(copy);
}

/**
 * Why a point encoding is refused by a strict verifier (ed25519-dalek's `verify_strict`), or
 * `null`: it must be 32 bytes, canonical (y < p) and not of small order.
 */
export function strictPointProblem(point: Uint8Array): string | null {
  if (point.length !== 32) return "is not 32 bytes";
  const y = yOf(point);
  if (y >= P) return "is not canonically encoded";
  if (SMALL_ORDER_Y.includes(y)) return "is a point of small order";
  return null;
}

/**
 * Why an Ed25519 signature is refused by a strict verifier before any curve arithmetic, or
 * `null`: 64 bytes, `R` canonical and not of small order, and `S` reduced (`S < L`), so no
 * second encoding of the same signature exists.
 */
export function strictSignatureProblem(signature: Uint8Array): string | null {
  if (signature.length !== 64) return "is not 64 bytes";
  const r = strictPointProblem(signature.slice(0, 32));
  if (r) return `has an R that ${r}`;
  if (littleEndian(signature.slice(32)) >= L) return "has a non-canonical S (S >= L)";
  return null;
}
