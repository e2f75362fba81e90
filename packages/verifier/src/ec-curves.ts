/** A NIST prime curve `y² = x³ − 3x + b (mod p)`, as JWS ES256/ES384/ES512 use it. */
interface PrimeCurve {
  readonly p: bigint;
  readonly b: bigint;
  /** The size of one coordinate in bytes (RFC 7518 §6.2.1.2: `x` and `y` are exactly this long). */
  readonly bytes: number;
}

/** The curves JOSE names (RFC 7518 §6.2.1.1), with their parameters from SEC 2 / FIPS 186-4. */
const CURVES: Readonly<Record<string, PrimeCurve>> = {
  "P-256": {
    p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    bytes: 32,
  },
  "P-384": {
    p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    bytes: 48,
  },
  "P-521": {
    p: 2n ** 521n - 1n,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
    bytes: 66,
  },
};

/** A big-endian unsigned integer. */
export function bigEndian(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/** The coordinate size of a named curve in bytes, or `null` for a curve JOSE's ECDSA does not name. */
export function coordinateBytes(crv: string): number | null {
  return CURVES[crv]?.bytes ?? null;
}

/**
 * Why an affine point is not a valid public key on the named curve, or `null`: each coordinate
 * exactly the curve's size, below the field prime, and `y² = x³ − 3x + b`. (The point at infinity
 * has no affine form, so it cannot pass; the NIST prime curves have cofactor 1, so every point on
 * the curve other than infinity has the full prime order.)
 */
export function ecPointProblem(crv: string, x: Uint8Array, y: Uint8Array): string | null {
  const curve = CURVES[crv];
  if (!curve) return "is on a curve ECDSA in JOSE does not name";
  if (x.length !== curve.bytes || y.length !== curve.bytes)
    return `has coordinates that are not ${curve.bytes} bytes long, the size of ${crv}'s`;
  const [px, py, { p, b }] = [bigEndian(x), bigEndian(y), curve];
  if (px >= p || py >= p) return "has a coordinate outside the field";
  const lhs = (py * py) % p;
  const rhs = (((px * px - 3n) % p) * px + b) % p;
  return (lhs - ((rhs + p) % p)) % p === 0n ? null : `is not a point on ${crv}`;
}
