/**
 * The SS512 / PBC "Type A" parameters: the supersingular curve E: y^2 = x^3 + x over F_q, q a 512-bit prime with
 * q = 3 (mod 4), #E(F_q) = q + 1 = h * r, r a 160-bit Solinas prime, embedding degree 2.
 *
 * Source of the constants: the PBC library's `param/a.param` (Ben Lynn, github.com/blynn/pbc; the same file is shipped as
 * `param/a.param` in JHUISI/charm and is what Charm names "SS512" in `charm/toolbox/pairingcurves.py`):
 *   q = 8780710799663312...8224791, h = 1201601226489114...786776, r = 730750818665451621361119245571504901405976559617,
 *   exp2 = 159, exp1 = 107, sign1 = 1, sign0 = 1, i.e. r = 2^159 + 2^107 + 1.
 * The unit test `params.test.ts` re-derives every relation (primality, q + 1 = h r, q = 3 mod 4, the Solinas form),
 * so a mistyped digit cannot pass.
 *
 * Because q = 3 (mod 4), -1 is a non-residue and F_q2 = F_q[i] / (i^2 + 1). The distortion map
 * phi(x, y) = (-x, i y) sends E(F_q) to E(F_q2) \ E(F_q) (Joux 2000; Boneh-Franklin 2001, section 4.1) and makes the
 * reduced Tate pairing e(P, phi(Q)) non-degenerate on G x G with G the order-r subgroup of E(F_q).
 */

/** The field prime q (512 bits). */
export const Q =
  8780710799663312522437781984754049815806883199414208211028653399266475630880222957078625179422662221423155858769582317459277713367317481324925129998224791n;
/** The cofactor h = (q + 1) / r (353 bits). */
export const H =
  12016012264891146079388821366740534204802954401251311822919615131047207289359704531102844802183906537786776n;
/** The prime group order r = 2^159 + 2^107 + 1. */
export const R = 730750818665451621361119245571504901405976559617n;
/** The two non-trivial exponents of the Solinas form of r. */
export const R_EXP2 = 159;
export const R_EXP1 = 107;

/** Bytes of one F_q element (big-endian). */
export const FQ_BYTES = 64;
/** Bytes of one scalar modulo r. */
export const ZR_BYTES = 20;
/** A point is x || y, uncompressed as PBC's element_to_bytes writes it for Type A (2 x 64 bytes). */
export const G_BYTES = 2 * FQ_BYTES;
/** A GT element a + b i of F_q2 is a || b (2 x 64 bytes), as PBC's element_to_bytes writes an F_q2 element. */
export const GT_BYTES = 2 * FQ_BYTES;

/** (q + 1) / 4: the square-root exponent for q = 3 (mod 4). */
export const SQRT_EXP = (Q + 1n) / 4n;
