/**
 * The inference rules ("logical postulates") of BAN logic, Burrows-Abadi-Needham, ACM TOCS 8(1) 1990, section "The Formalism",
 * each written as a function from the current set of facts to the conclusions it licenses. Names follow the paper's
 * own headings: message-meaning, nonce-verification, jurisdiction, the belief rules, the seeing rules, freshness,
 * and the equivalence of A <-K-> B with B <-K-> A (and likewise for shared secrets).
 *
 * Where the paper states a rule for a pair (X, Y) it means any component of a combination, and any sub-combination:
 * the decomposition rules conclude about every component and about every tuple of the protocol text whose items are
 * all among the combination's (so `P |= Q |~ (T, K)` follows from `P |= Q |~ (T, K, {Z}Kb)`). Both side conditions
 * of the paper are kept: message-meaning for shared keys requires that the ciphertext was not sent by the believer
 * itself when the idealization carries a "from" field (the paper's "{X}K from R, R != P"), and nonce-verification
 * requires X to be cleartext, containing no ciphertext {Y}K (the paper's "for the sake of simplicity" condition);
 * an idealization that needs the rule on a tuple with ciphertext in it first decomposes to its cleartext part.
 *
 * Freshness and the introduction of conjunctions only ever build terms that occur in the protocol text (its
 * "universe" of sub-terms, plus the reversed forms of keys and secrets), so forward chaining reaches a fixpoint.
 */
import {
  type Term,
  believes,
  children,
  components,
  eq,
  fresh,
  match,
  said,
  secret,
  sees,
  sharedKey,
  show,
} from './terms.js';

/** One application of a rule: its conclusion and the facts it used. */
export interface Derivation {
  conclusion: Term;
  premises: Term[];
}

/** A read-only view of what is known so far, with the indexes the rules need. */
export interface FactView {
  has(t: Term): boolean;
  /** Facts of the form P |= X (one entry per fact). */
  readonly beliefs: readonly { p: Term; x: Term }[];
  /** Facts of the form P <| X. */
  readonly sightings: readonly { p: Term; x: Term }[];
  /** The tuples occurring in the protocol text, the only ones freshness and conjunction may build. */
  readonly universeTuples: readonly Term[];
  readonly principals: readonly Term[];
}

export interface Rule {
  /** The rule's name as used in proof trees and tests. */
  readonly name: string;
  /** The rule written out, in the paper's shape: premises / conclusion. */
  readonly statement: string;
  apply(f: FactView): Derivation[];
}

const keyOf = (k: Term) => show(k);

/** BAN's cleartext: no sub-formula of the form {Y}K. */
export function isCleartext(t: Term): boolean {
  if (t.k === 'enc') return false;
  return children(t).every(isCleartext);
}

/**
 * The proper sub-combinations of a tuple that the decomposition rules may conclude about: the tuples of the
 * protocol text (its universe) with at least two items, all among `items`, other than the tuple itself.
 */
function subCombinations(f: FactView, items: readonly Term[]): Term[] {
  const out: Term[] = [];
  for (const t of f.universeTuples) {
    if (t.k !== 'tuple' || t.items.length >= items.length) continue;
    if (t.items.every((x) => items.some((y) => eq(x, y)))) out.push(t);
  }
  return out;
}

export const rules: readonly Rule[] = [
  {
    name: 'message-meaning/shared-key',
    statement: 'P |= Q <-K-> P,  P <| {X}K  /  P |= Q |~ X',
    apply(f) {
      const out: Derivation[] = [];
      for (const s of f.sightings) {
        const e = s.x;
        if (e.k !== 'enc' || e.key.k === 'inv') continue;
        // The paper's side condition: a message the believer sent itself says nothing about Q.
        if (e.from && eq(e.from, s.p)) continue;
        for (const b of f.beliefs) {
          const kb = b.x;
          if (!eq(b.p, s.p) || kb.k !== 'sharedKey' || !eq(kb.b, s.p) || eq(kb.a, s.p)) continue;
          if (keyOf(kb.key) !== keyOf(e.key)) continue;
          out.push({ conclusion: believes(s.p, said(kb.a, e.body)), premises: [believes(s.p, kb), sees(s.p, e)] });
        }
      }
      return out;
    },
  },
  {
    name: 'message-meaning/public-key',
    statement: 'P |= ->K Q,  P <| {X}K^-1  /  P |= Q |~ X',
    apply(f) {
      const out: Derivation[] = [];
      for (const s of f.sightings) {
        const e = s.x;
        if (e.k !== 'enc' || e.key.k !== 'inv') continue;
        for (const b of f.beliefs) {
          const pk = b.x;
          if (!eq(b.p, s.p) || pk.k !== 'pubKey' || !eq(pk.key, e.key.key)) continue;
          out.push({ conclusion: believes(s.p, said(pk.p, e.body)), premises: [believes(s.p, pk), sees(s.p, e)] });
        }
      }
      return out;
    },
  },
  {
    name: 'message-meaning/shared-secret',
    statement: 'P |= Q <=Y=> P,  P <| <X>Y  /  P |= Q |~ X',
    apply(f) {
      const out: Derivation[] = [];
      for (const s of f.sightings) {
        const c = s.x;
        if (c.k !== 'comb') continue;
        for (const b of f.beliefs) {
          const sec = b.x;
          if (!eq(b.p, s.p) || sec.k !== 'secret' || !eq(sec.b, s.p) || eq(sec.a, s.p) || !eq(sec.y, c.secret))
            continue;
          out.push({ conclusion: believes(s.p, said(sec.a, c.body)), premises: [believes(s.p, sec), sees(s.p, c)] });
        }
      }
      return out;
    },
  },
  {
    name: 'nonce-verification',
    statement: 'P |= #(X),  P |= Q |~ X  /  P |= Q |= X   (X cleartext)',
    apply(f) {
      const out: Derivation[] = [];
      for (const b of f.beliefs) {
        if (b.x.k !== 'said' || !isCleartext(b.x.x)) continue;
        const fr = believes(b.p, fresh(b.x.x));
        if (f.has(fr))
          out.push({ conclusion: believes(b.p, believes(b.x.p, b.x.x)), premises: [fr, believes(b.p, b.x)] });
      }
      return out;
    },
  },
  {
    name: 'jurisdiction',
    statement: 'P |= Q => X,  P |= Q |= X  /  P |= X',
    apply(f) {
      const out: Derivation[] = [];
      for (const c of f.beliefs) {
        if (c.x.k !== 'controls') continue;
        const q = c.x.p;
        const pattern = c.x.x;
        for (const b of f.beliefs) {
          if (!eq(b.p, c.p) || b.x.k !== 'believes' || !eq(b.x.p, q)) continue;
          // A jurisdiction assumption may be quantified (?K): it covers every X that matches it.
          if (!match(pattern, b.x.x)) continue;
          out.push({ conclusion: believes(c.p, b.x.x), premises: [believes(c.p, c.x), believes(b.p, b.x)] });
        }
      }
      return out;
    },
  },
  {
    name: 'belief/conjunction',
    statement: 'P |= X,  P |= Y  /  P |= (X, Y)',
    apply(f) {
      const out: Derivation[] = [];
      for (const t of f.universeTuples) {
        for (const p of f.principals) {
          const parts = components(t).map((x) => believes(p, x));
          if (parts.every((x) => f.has(x))) out.push({ conclusion: believes(p, t), premises: parts });
        }
      }
      return out;
    },
  },
  {
    name: 'belief/decomposition',
    statement: 'P |= (X, Y, ...)  /  P |= X,  P |= (X, Y)',
    apply(f) {
      const out: Derivation[] = [];
      for (const b of f.beliefs) {
        if (b.x.k !== 'tuple') continue;
        for (const x of [...b.x.items, ...subCombinations(f, b.x.items)])
          out.push({ conclusion: believes(b.p, x), premises: [believes(b.p, b.x)] });
      }
      return out;
    },
  },
  {
    name: 'belief/nested-decomposition',
    statement: 'P |= Q |= (X, Y, ...)  /  P |= Q |= X,  P |= Q |= (X, Y)',
    apply(f) {
      const out: Derivation[] = [];
      for (const b of f.beliefs) {
        if (b.x.k !== 'believes' || b.x.x.k !== 'tuple') continue;
        for (const x of [...b.x.x.items, ...subCombinations(f, b.x.x.items)])
          out.push({ conclusion: believes(b.p, believes(b.x.p, x)), premises: [believes(b.p, b.x)] });
      }
      return out;
    },
  },
  {
    name: 'said/decomposition',
    statement: 'P |= Q |~ (X, Y, ...)  /  P |= Q |~ X,  P |= Q |~ (X, Y)',
    apply(f) {
      const out: Derivation[] = [];
      for (const b of f.beliefs) {
        if (b.x.k !== 'said' || b.x.x.k !== 'tuple') continue;
        for (const x of [...b.x.x.items, ...subCombinations(f, b.x.x.items)])
          out.push({ conclusion: believes(b.p, said(b.x.p, x)), premises: [believes(b.p, b.x)] });
      }
      return out;
    },
  },
  {
    name: 'seeing/components',
    statement: 'P <| (X, Y)  /  P <| X',
    apply(f) {
      const out: Derivation[] = [];
      for (const s of f.sightings) {
        if (s.x.k !== 'tuple') continue;
        for (const x of s.x.items) out.push({ conclusion: sees(s.p, x), premises: [sees(s.p, s.x)] });
      }
      return out;
    },
  },
  {
    name: 'seeing/combination',
    statement: 'P <| <X>Y  /  P <| X',
    apply(f) {
      return f.sightings
        .filter((s) => s.x.k === 'comb')
        .map((s) => ({ conclusion: sees(s.p, (s.x as { body: Term }).body), premises: [sees(s.p, s.x)] }));
    },
  },
  {
    name: 'seeing/shared-key',
    statement: 'P |= Q <-K-> P,  P <| {X}K  /  P <| X',
    apply(f) {
      const out: Derivation[] = [];
      for (const s of f.sightings) {
        const e = s.x;
        if (e.k !== 'enc' || e.key.k === 'inv') continue;
        for (const b of f.beliefs) {
          const kb = b.x;
          if (!eq(b.p, s.p) || kb.k !== 'sharedKey' || !eq(kb.b, s.p) || !eq(kb.key, e.key)) continue;
          out.push({ conclusion: sees(s.p, e.body), premises: [believes(s.p, kb), sees(s.p, e)] });
        }
      }
      return out;
    },
  },
  {
    name: 'seeing/own-public-key',
    statement: 'P |= ->K P,  P <| {X}K  /  P <| X',
    apply(f) {
      const out: Derivation[] = [];
      for (const s of f.sightings) {
        const e = s.x;
        if (e.k !== 'enc' || e.key.k === 'inv') continue;
        for (const b of f.beliefs) {
          const pk = b.x;
          if (!eq(b.p, s.p) || pk.k !== 'pubKey' || !eq(pk.p, s.p) || !eq(pk.key, e.key)) continue;
          out.push({ conclusion: sees(s.p, e.body), premises: [believes(s.p, pk), sees(s.p, e)] });
        }
      }
      return out;
    },
  },
  {
    name: 'seeing/signature',
    statement: 'P |= ->K Q,  P <| {X}K^-1  /  P <| X',
    apply(f) {
      const out: Derivation[] = [];
      for (const s of f.sightings) {
        const e = s.x;
        if (e.k !== 'enc' || e.key.k !== 'inv') continue;
        for (const b of f.beliefs) {
          const pk = b.x;
          if (!eq(b.p, s.p) || pk.k !== 'pubKey' || !eq(pk.key, e.key.key)) continue;
          out.push({ conclusion: sees(s.p, e.body), premises: [believes(s.p, pk), sees(s.p, e)] });
        }
      }
      return out;
    },
  },
  {
    name: 'freshness',
    statement: 'P |= #(X)  /  P |= #(X, Y)',
    apply(f) {
      const out: Derivation[] = [];
      for (const b of f.beliefs) {
        if (b.x.k !== 'fresh') continue;
        const x = b.x.x;
        for (const t of f.universeTuples) {
          if (t.k !== 'tuple' || !t.items.some((i) => eq(i, x))) continue;
          out.push({ conclusion: believes(b.p, fresh(t)), premises: [believes(b.p, b.x)] });
        }
      }
      return out;
    },
  },
  {
    name: 'shared-key/symmetry',
    statement: "P |= R <-K-> R'  /  P |= R' <-K-> R   (also under P |= Q |= ...)",
    apply(f) {
      const out: Derivation[] = [];
      for (const b of f.beliefs) {
        const x = b.x;
        if (x.k === 'sharedKey')
          out.push({ conclusion: believes(b.p, sharedKey(x.b, x.key, x.a)), premises: [believes(b.p, x)] });
        else if (x.k === 'believes' && x.x.k === 'sharedKey') {
          const y = x.x;
          out.push({
            conclusion: believes(b.p, believes(x.p, sharedKey(y.b, y.key, y.a))),
            premises: [believes(b.p, x)],
          });
        }
      }
      return out;
    },
  },
  {
    name: 'shared-secret/symmetry',
    statement: "P |= R <=Y=> R'  /  P |= R' <=Y=> R   (also under P |= Q |= ...)",
    apply(f) {
      const out: Derivation[] = [];
      for (const b of f.beliefs) {
        const x = b.x;
        if (x.k === 'secret')
          out.push({ conclusion: believes(b.p, secret(x.b, x.y, x.a)), premises: [believes(b.p, x)] });
        else if (x.k === 'believes' && x.x.k === 'secret') {
          const y = x.x;
          out.push({ conclusion: believes(b.p, believes(x.p, secret(y.b, y.y, y.a))), premises: [believes(b.p, x)] });
        }
      }
      return out;
    },
  },
];

export const ruleNames: readonly string[] = rules.map((r) => r.name);
