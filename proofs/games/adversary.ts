/**
 * The IND-CPA adversary: a portfolio of generic attacks, each computing its guess only from what the game shows it
 * (public keys, corrupted users' keys, oracle answers, the challenge's bytes through the scheme's codec). None of
 * them knows which scheme it faces; each either decides b or abstains, and the first decision wins (else a fair
 * coin). A scheme that survives them is not thereby proven secure: the strawmen (strawmen/) show what each attack
 * finds, and the header of each strategy says what it covers.
 *
 * Before the first trial the adversary studies the scheme once (`prepare`), as anyone holding its code can: it
 * checks whether encryption / re-encryption are deterministic, whether a corrupted key opens a ciphertext not meant
 * for it, and where (if anywhere) a re-encryption key between its OWN two corrupted users carries their scalars.
 * Per trial it then runs only the attacks that study found applicable, which keeps the games fast enough to play
 * hundreds of trials. An attack that only works on some fraction of keys could be missed by a short study
 * (PROFILE_SAMPLES samples); that is a documented limit of this adversary.
 *
 * 1. plaintext-in-ciphertext (always): the challenge's encoding contains m_b, or a 16-byte prefix of a standard
 *    digest of it (SHA-256, SHA-512, SHA3-256), for exactly one b.
 * 2. re-encrypt-and-compare (if encryption is deterministic): encrypting m_0 and m_1 for the same recipient
 *    reproduces the challenge (Goldwasser-Micali: CPA needs randomized encryption). For the re-encrypted challenge
 *    it asks the allowed key rk_{H->T} and re-encrypts itself.
 * 3. corrupt-key-decrypt (if a corrupted key ever opened someone else's ciphertext in the study): CP-ABE's
 *    non-satisfying keys, or broken key separation.
 * 4. rekey-key-recovery (if the study located a scalar in rk_{C1->C2}): calibration by known keys. The adversary
 *    knows x_C1 and x_C2 (read from their encoded secret keys), so it searches rk_{C1->C2}'s encoding for x_C1,
 *    1/x_C1 (the key carries the delegator's secret: a "trusted proxy"), x_C2, 1/x_C2 (it carries the delegatee's)
 *    or x_C2/x_C1, x_C1/x_C2 (a BBS98-style quotient key). Where one is found, the same position of an allowed key
 *    involving T (rk_{T->H} for the delegator cases, rk_{C1->T} for the others) yields a candidate for T's scalar,
 *    which is substituted into an encoded secret key and tried on the challenge with the scheme's own decryption.
 */
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { sha3_256 } from '@noble/hashes/sha3.js';
import { bytesToBigint, bigintToBytes } from '../../core/groups/common.js';
import { randomBytes, SeededRng } from '../../core/rng.js';
import type { KeyPair } from '../../core/types.js';
import { bytesEqual, contains } from './common.js';
import type { CpaAdversary, CpaView } from './cpa.js';

type Decision = 0 | 1 | null;

/** Message length of the adversary's records (long enough for a digest search to be unambiguous). */
export const CPA_MESSAGE_BYTES = 48;

function decideByMatch(match0: boolean, match1: boolean): Decision {
  if (match0 && !match1) return 0;
  if (match1 && !match0) return 1;
  return null;
}

function plaintextInCiphertext(ctBytes: Uint8Array, m: [Uint8Array, Uint8Array]): Decision {
  const fingerprints = (x: Uint8Array) => [
    x,
    sha256(x).subarray(0, 16),
    sha512(x).subarray(0, 16),
    sha3_256(x).subarray(0, 16),
  ];
  const has = (x: Uint8Array) => fingerprints(x).some((f) => contains(ctBytes, f));
  return decideByMatch(has(m[0]), has(m[1]));
}

/** How often each property is sampled while preparing. */
export const PROFILE_SAMPLES = 3;

type ScalarRole =
  'delegator' | 'delegator-inverse' | 'delegatee' | 'delegatee-inverse' | 'quotient' | 'quotient-inverse';

interface Profile {
  deterministicEncrypt: boolean;
  deterministicReencrypt: boolean;
  crossDecrypt: boolean;
  rekeyScalars: { offset: number; length: number; role: ScalarRole }[];
}

function sameTwice(f: (rng: SeededRng) => Uint8Array, rng: SeededRng): boolean {
  try {
    return bytesEqual(f(rng.fork('a')), f(rng.fork('b')));
  } catch {
    return false;
  }
}

/** The scalar at the end of an encoded secret key (every codec here ends with it; if not, calibration finds nothing). */
function trailingScalar(view: CpaView, key: KeyPair): bigint | null {
  const zr = view.inst.group?.zr;
  if (!zr) return null;
  const b = view.inst.codec.encodeSecretKey(key.sk);
  if (b.length < zr.size) return null;
  const x = bytesToBigint(b.subarray(b.length - zr.size));
  return x > 0n && x < zr.order ? x : null;
}

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function study(view: CpaView): Profile {
  const { inst } = view;
  const rng = view.rng.fork('study');
  const p: Profile = {
    deterministicEncrypt: false,
    deterministicReencrypt: false,
    crossDecrypt: false,
    rekeyScalars: [],
  };
  const m = randomBytes(rng, CPA_MESSAGE_BYTES);
  for (let i = 0; i < PROFILE_SAMPLES && !p.deterministicEncrypt; i++)
    p.deterministicEncrypt = sameTwice(
      (r) => inst.codec.encodeCiphertext(inst.encrypt(view.challengeTo, m, r)),
      rng.fork(`enc-${i}`),
    );
  const corrupt = [...view.corruptKeys.entries()];
  for (let i = 0; i < PROFILE_SAMPLES && !p.crossDecrypt; i++) {
    const ct = inst.encrypt(view.challengeTo, m, rng.fork(`cross-${i}`));
    p.crossDecrypt = corrupt.some(([, kp]) => {
      try {
        return bytesEqual(inst.decrypt(kp, ct), m);
      } catch {
        return false;
      }
    });
  }
  if (view.variant === 'reencrypted' && view.delegator && view.target) {
    try {
      const rk = view.rekey(view.delegator.id, view.target.id);
      const ct = inst.encrypt(view.delegator.recipient, m, rng.fork('re-src'));
      p.deterministicReencrypt = sameTwice(
        (r) => inst.codec.encodeCiphertext(inst.reencrypt!(rk, ct, r)),
        rng.fork('re'),
      );
    } catch {
      p.deterministicReencrypt = false;
    }
  }
  const zr = inst.group?.zr;
  if (zr && corrupt.length >= 2 && view.target) {
    const [[id1, k1], [id2, k2]] = [corrupt[0]!, corrupt[1]!];
    const x1 = trailingScalar(view, k1);
    const x2 = trailingScalar(view, k2);
    let rkb: Uint8Array | null = null;
    try {
      rkb = inst.codec.encodeReKey(view.rekey(id1, id2));
    } catch {
      rkb = null;
    }
    if (x1 && x2 && rkb) {
      const probes: [ScalarRole, bigint][] = [
        ['delegator', x1],
        ['delegator-inverse', zr.inv(x1)],
        ['delegatee', x2],
        ['delegatee-inverse', zr.inv(x2)],
        ['quotient', zr.mul(x2, zr.inv(x1))],
        ['quotient-inverse', zr.mul(x1, zr.inv(x2))],
      ];
      for (const [role, v] of probes) {
        const at = indexOf(rkb, zr.toBytes(v));
        if (at >= 0) p.rekeyScalars.push({ offset: at, length: zr.size, role });
      }
    }
  }
  return p;
}

function reencryptAndCompare(view: CpaView, p: Profile, ctBytes: Uint8Array, m: [Uint8Array, Uint8Array]): Decision {
  const { inst } = view;
  let make: (msg: Uint8Array) => Uint8Array;
  if (view.variant === 'reencrypted') {
    if (!p.deterministicEncrypt || !p.deterministicReencrypt) return null;
    const d = view.delegator!;
    let rk: unknown;
    try {
      rk = view.rekey(d.id, view.target!.id);
    } catch {
      return null;
    }
    make = (msg) =>
      inst.codec.encodeCiphertext(inst.reencrypt!(rk, inst.encrypt(d.recipient, msg, view.rng), view.rng));
  } else {
    if (!p.deterministicEncrypt) return null;
    make = (msg) => inst.codec.encodeCiphertext(inst.encrypt(view.challengeTo, msg, view.rng));
  }
  if (bytesEqual(make(m[0]), ctBytes)) return 0;
  if (bytesEqual(make(m[1]), ctBytes)) return 1;
  return null;
}

function tryDecrypt(view: CpaView, key: KeyPair, ct: unknown, m: [Uint8Array, Uint8Array]): Decision {
  try {
    const out = view.inst.decrypt(key, ct);
    return decideByMatch(bytesEqual(out, m[0]), bytesEqual(out, m[1]));
  } catch {
    return null;
  }
}

function corruptKeyDecrypt(view: CpaView, p: Profile, ct: unknown, m: [Uint8Array, Uint8Array]): Decision {
  if (!p.crossDecrypt) return null;
  for (const kp of view.corruptKeys.values()) {
    const d = tryDecrypt(view, kp, ct, m);
    if (d !== null) return d;
  }
  return null;
}

function rekeyKeyRecovery(view: CpaView, p: Profile, ct: unknown, m: [Uint8Array, Uint8Array]): Decision {
  const { inst } = view;
  const zr = inst.group?.zr;
  const target = view.target;
  if (!zr || !target || p.rekeyScalars.length === 0) return null;
  const corrupt = [...view.corruptKeys.entries()];
  const [id1, k1] = corrupt[0]!;
  const x1 = trailingScalar(view, k1);
  const helper = view.users.find((u) => u.honest && u.id !== target.id);
  const template = inst.codec.encodeSecretKey(k1.sk);
  const ask = (from: string, to: string | undefined): Uint8Array | null => {
    if (!to) return null;
    try {
      return inst.codec.encodeReKey(view.rekey(from, to));
    } catch {
      return null;
    }
  };
  const fromTarget = ask(target.id, helper?.id);
  const toTarget = ask(id1, target.id);
  const read = (b: Uint8Array | null, s: Profile['rekeyScalars'][number]): bigint | null => {
    if (!b || s.offset + s.length > b.length) return null;
    const v = bytesToBigint(b.subarray(s.offset, s.offset + s.length));
    return v > 0n && v < zr.order ? v : null;
  };
  const candidates: bigint[] = [];
  for (const s of p.rekeyScalars) {
    const isDelegator = s.role === 'delegator' || s.role === 'delegator-inverse';
    const rho = read(isDelegator ? fromTarget : toTarget, s);
    if (rho === null) continue;
    if (s.role === 'delegator' || s.role === 'delegatee') candidates.push(rho);
    else if (s.role === 'delegator-inverse' || s.role === 'delegatee-inverse') candidates.push(zr.inv(rho));
    else if (x1 !== null) candidates.push(s.role === 'quotient' ? zr.mul(rho, x1) : zr.mul(x1, zr.inv(rho)));
  }
  for (const x of new Set(candidates)) {
    const skBytes = template.slice();
    skBytes.set(bigintToBytes(x, zr.size), template.length - zr.size);
    let sk: unknown;
    try {
      sk = inst.codec.decodeSecretKey(skBytes);
    } catch {
      continue;
    }
    const d = tryDecrypt(view, { pk: target.pk, sk }, ct, m);
    if (d !== null) return d;
  }
  return null;
}

/** A fresh portfolio adversary (it keeps what it learns about one scheme, so use one per game). */
export function portfolioAdversary(): CpaAdversary & { profile(): Readonly<Profile> | null } {
  let profile: Profile | null = null;
  return {
    profile: () => profile,
    prepare(view) {
      profile ??= study(view); // once per game, on its first trial
    },
    choose(view) {
      const m0 = randomBytes(view.rng, CPA_MESSAGE_BYTES);
      const m1 = randomBytes(view.rng, CPA_MESSAGE_BYTES);
      m1[0] = m0[0]! ^ 0x80; // distinct even if the stream repeated
      return [m0, m1];
    },
    guess(view, challenge, m) {
      const p = (profile ??= study(view));
      const ctBytes = view.inst.codec.encodeCiphertext(challenge);
      const attempts: [string, () => Decision][] = [
        ['plaintext-in-ciphertext', () => plaintextInCiphertext(ctBytes, m)],
        ['re-encrypt-and-compare', () => reencryptAndCompare(view, p, ctBytes, m)],
        ['corrupt-key-decrypt', () => corruptKeyDecrypt(view, p, challenge, m)],
        ['rekey-key-recovery', () => rekeyKeyRecovery(view, p, challenge, m)],
      ];
      for (const [strategy, run] of attempts) {
        const d = run();
        if (d !== null) return { bit: d, strategy };
      }
      return { bit: (randomBytes(view.rng, 1)[0]! & 1) as 0 | 1, strategy: 'coin' };
    },
  };
}
