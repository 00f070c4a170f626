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
 *
 * Each rule is written as triggers: what it concludes when a new fact of the right shape arrives, with the other
 * premise looked up in the engine's indexes (by principal and key, by principal and message) rather than found by
 * scanning every fact. A rule reports each conclusion with an order key (its index in the table and the positions
 * of its premises), which is the order in which a rule scanning all facts, in the order they were found, would have
 * met it; the engine keeps, for every new fact, the derivation that comes first in that order.
 */
import { type Term, believes, fresh, said, secret, sees, sharedKey } from './terms.js';

/** A known fact: its term, its interned id, and its position in the order facts were found. */
export interface Fact {
  readonly term: Term;
  readonly id: number;
  readonly seq: number;
}

/** What a rule may ask the engine about the facts known so far. Lists are in the order their facts were found. */
export interface RuleContext {
  has(t: Term): boolean;
  /** True when X contains no ciphertext {Y}K (BAN's "cleartext"). */
  cleartext(t: Term): boolean;
  /** The same term (same interned id). */
  same(a: Term, b: Term): boolean;
  /** P <| {X}K with K an ordinary key (not K^-1), by P and K. */
  encryptedSeen(p: Term, key: Term): readonly Fact[];
  /** P <| {X}K^-1, by P and K. */
  signedSeen(p: Term, key: Term): readonly Fact[];
  /** P <| <X>Y, by P and Y. */
  combinedSeen(p: Term, secretTerm: Term): readonly Fact[];
  /** P |= A <-K-> P, by P and K. */
  sharedKeysOf(p: Term, key: Term): readonly Fact[];
  /** P |= ->K Q, by P and K. */
  publicKeysOf(p: Term, key: Term): readonly Fact[];
  /** P |= A <=Y=> P, by P and Y. */
  secretsOf(p: Term, y: Term): readonly Fact[];
  /** P |= Q |~ X, by P and X. */
  saidTo(p: Term, x: Term): readonly Fact[];
  /** P |= Q => X, by P and Q. */
  jurisdictionOf(p: Term, q: Term): readonly Fact[];
  /** P |= Q |= X, by P and Q. */
  beliefsOf(p: Term, q: Term): readonly Fact[];
  /** A jurisdiction pattern (it may hold ?variables) against a statement. */
  matches(pattern: Term, x: Term): boolean;
  /** The protocol's tuples that have x as an item, with their positions in the protocol text. */
  tuplesContaining(x: Term): readonly { t: Term; index: number }[];
  /** The protocol's tuples other than `items` itself whose items are all among `items` (sub-combinations). */
  subCombinations(items: readonly Term[]): readonly { t: Term; index: number }[];
  /** Called once per new belief P |= x and tuple containing x: true once P believes every item of that tuple. */
  componentBelieved(p: Term, tupleIndex: number): boolean;
  /** The position of p among the declared principals, or undefined. */
  principalIndex(p: Term): number | undefined;
}

/** A conclusion, with its order key (the positions of the premises it was found from) and its premises. */
export type Emit = (order: readonly number[], conclusion: Term, premises: readonly Term[]) => void;

export interface Rule {
  /** The rule's name as used in proof trees and tests. */
  readonly name: string;
  /** The rule written out, in the paper's shape: premises / conclusion. */
  readonly statement: string;
  /** Conclusions that use a new belief `fact` (P |= x) as a premise. */
  onBelief?(c: RuleContext, fact: Fact, p: Term, x: Term, emit: Emit): void;
  /** Conclusions that use a new sighting `fact` (P <| x) as a premise. */
  onSighting?(c: RuleContext, fact: Fact, p: Term, x: Term, emit: Emit): void;
}

type Believed<K extends Term['k']> = Extract<Term, { k: K }>;
/** The statement of an indexed belief fact P |= X, whose kind the index it came from guarantees. */
const asBelief = <K extends Term['k']>(f: Fact, _kind: K): Believed<K> =>
  (f.term as Believed<'believes'>).x as Believed<K>;

/**
 * The decomposition rules conclude about each item (order: the item's position) and about each sub-combination
 * (order: after every item, by the sub-combination's position in the protocol text).
 */
function decompose(c: RuleContext, items: readonly Term[], out: (x: Term, order: number) => void): void {
  items.forEach((x, j) => out(x, j));
  for (const s of c.subCombinations(items)) out(s.t, items.length + s.index);
}

export const rules: readonly Rule[] = [
  {
    name: 'message-meaning/shared-key',
    statement: 'P |= Q <-K-> P,  P <| {X}K  /  P |= Q |~ X',
    onSighting(c, s, p, e, emit) {
      if (e.k !== 'enc' || e.key.k === 'inv') return;
      // The paper's side condition: a message the believer sent itself says nothing about Q.
      if (e.from && c.same(e.from, p)) return;
      for (const b of c.sharedKeysOf(p, e.key)) {
        const kb = asBelief(b, 'sharedKey');
        if (c.same(kb.a, p)) continue;
        emit([s.seq, b.seq], believes(p, said(kb.a, e.body)), [b.term, s.term]);
      }
    },
    onBelief(c, b, p, kb, emit) {
      if (kb.k !== 'sharedKey' || !c.same(kb.b, p) || c.same(kb.a, p)) return;
      for (const s of c.encryptedSeen(p, kb.key)) {
        const e = (s.term as Believed<'sees'>).x as Believed<'enc'>;
        if (e.from && c.same(e.from, p)) continue;
        emit([s.seq, b.seq], believes(p, said(kb.a, e.body)), [b.term, s.term]);
      }
    },
  },
  {
    name: 'message-meaning/public-key',
    statement: 'P |= ->K Q,  P <| {X}K^-1  /  P |= Q |~ X',
    onSighting(c, s, p, e, emit) {
      if (e.k !== 'enc' || e.key.k !== 'inv') return;
      for (const b of c.publicKeysOf(p, e.key.key))
        emit([s.seq, b.seq], believes(p, said(asBelief(b, 'pubKey').p, e.body)), [b.term, s.term]);
    },
    onBelief(c, b, p, pk, emit) {
      if (pk.k !== 'pubKey') return;
      for (const s of c.signedSeen(p, pk.key)) {
        const e = (s.term as Believed<'sees'>).x as Believed<'enc'>;
        emit([s.seq, b.seq], believes(p, said(pk.p, e.body)), [b.term, s.term]);
      }
    },
  },
  {
    name: 'message-meaning/shared-secret',
    statement: 'P |= Q <=Y=> P,  P <| <X>Y  /  P |= Q |~ X',
    onSighting(c, s, p, x, emit) {
      if (x.k !== 'comb') return;
      for (const b of c.secretsOf(p, x.secret)) {
        const sec = asBelief(b, 'secret');
        if (c.same(sec.a, p)) continue;
        emit([s.seq, b.seq], believes(p, said(sec.a, x.body)), [b.term, s.term]);
      }
    },
    onBelief(c, b, p, sec, emit) {
      if (sec.k !== 'secret' || !c.same(sec.b, p) || c.same(sec.a, p)) return;
      for (const s of c.combinedSeen(p, sec.y)) {
        const x = (s.term as Believed<'sees'>).x as Believed<'comb'>;
        emit([s.seq, b.seq], believes(p, said(sec.a, x.body)), [b.term, s.term]);
      }
    },
  },
  {
    name: 'nonce-verification',
    statement: 'P |= #(X),  P |= Q |~ X  /  P |= Q |= X   (X cleartext)',
    onBelief(c, b, p, x, emit) {
      if (x.k === 'said') {
        if (!c.cleartext(x.x)) return;
        const fr = believes(p, fresh(x.x));
        if (c.has(fr)) emit([b.seq], believes(p, believes(x.p, x.x)), [fr, b.term]);
      } else if (x.k === 'fresh') {
        if (!c.cleartext(x.x)) return;
        for (const s of c.saidTo(p, x.x)) {
          const sd = asBelief(s, 'said');
          emit([s.seq], believes(p, believes(sd.p, sd.x)), [b.term, s.term]);
        }
      }
    },
  },
  {
    name: 'jurisdiction',
    statement: 'P |= Q => X,  P |= Q |= X  /  P |= X',
    onBelief(c, b, p, x, emit) {
      if (x.k === 'controls') {
        for (const q of c.beliefsOf(p, x.p)) {
          const qx = asBelief(q, 'believes');
          // A jurisdiction assumption may be quantified (?K): it covers every X that matches it.
          if (c.matches(x.x, qx.x)) emit([b.seq, q.seq], believes(p, qx.x), [b.term, q.term]);
        }
      } else if (x.k === 'believes') {
        for (const j of c.jurisdictionOf(p, x.p)) {
          const jx = asBelief(j, 'controls');
          if (c.matches(jx.x, x.x)) emit([j.seq, b.seq], believes(p, x.x), [j.term, b.term]);
        }
      }
    },
  },
  {
    name: 'belief/conjunction',
    statement: 'P |= X,  P |= Y  /  P |= (X, Y)',
    onBelief(c, _b, p, x, emit) {
      const pi = c.principalIndex(p);
      if (pi === undefined) return;
      for (const { t, index } of c.tuplesContaining(x)) {
        if (!c.componentBelieved(p, index)) continue;
        const items = (t as Believed<'tuple'>).items;
        emit(
          [index, pi],
          believes(p, t),
          items.map((i) => believes(p, i)),
        );
      }
    },
  },
  {
    name: 'belief/decomposition',
    statement: 'P |= (X, Y, ...)  /  P |= X,  P |= (X, Y)',
    onBelief(c, b, p, x, emit) {
      if (x.k !== 'tuple') return;
      decompose(c, x.items, (y, j) => emit([b.seq, j], believes(p, y), [b.term]));
    },
  },
  {
    name: 'belief/nested-decomposition',
    statement: 'P |= Q |= (X, Y, ...)  /  P |= Q |= X,  P |= Q |= (X, Y)',
    onBelief(c, b, p, x, emit) {
      if (x.k !== 'believes' || x.x.k !== 'tuple') return;
      decompose(c, x.x.items, (y, j) => emit([b.seq, j], believes(p, believes(x.p, y)), [b.term]));
    },
  },
  {
    name: 'said/decomposition',
    statement: 'P |= Q |~ (X, Y, ...)  /  P |= Q |~ X,  P |= Q |~ (X, Y)',
    onBelief(c, b, p, x, emit) {
      if (x.k !== 'said' || x.x.k !== 'tuple') return;
      decompose(c, x.x.items, (y, j) => emit([b.seq, j], believes(p, said(x.p, y)), [b.term]));
    },
  },
  {
    name: 'seeing/components',
    statement: 'P <| (X, Y)  /  P <| X',
    onSighting(_c, s, p, x, emit) {
      if (x.k !== 'tuple') return;
      x.items.forEach((y, j) => emit([s.seq, j], sees(p, y), [s.term]));
    },
  },
  {
    name: 'seeing/combination',
    statement: 'P <| <X>Y  /  P <| X',
    onSighting(_c, s, p, x, emit) {
      if (x.k === 'comb') emit([s.seq], sees(p, x.body), [s.term]);
    },
  },
  {
    name: 'seeing/shared-key',
    statement: 'P |= Q <-K-> P,  P <| {X}K  /  P <| X',
    onSighting(c, s, p, e, emit) {
      if (e.k !== 'enc' || e.key.k === 'inv') return;
      for (const b of c.sharedKeysOf(p, e.key)) emit([s.seq, b.seq], sees(p, e.body), [b.term, s.term]);
    },
    onBelief(c, b, p, kb, emit) {
      if (kb.k !== 'sharedKey' || !c.same(kb.b, p)) return;
      for (const s of c.encryptedSeen(p, kb.key)) {
        const e = (s.term as Believed<'sees'>).x as Believed<'enc'>;
        emit([s.seq, b.seq], sees(p, e.body), [b.term, s.term]);
      }
    },
  },
  {
    name: 'seeing/own-public-key',
    statement: 'P |= ->K P,  P <| {X}K  /  P <| X',
    onSighting(c, s, p, e, emit) {
      if (e.k !== 'enc' || e.key.k === 'inv') return;
      for (const b of c.publicKeysOf(p, e.key))
        if (c.same(asBelief(b, 'pubKey').p, p)) emit([s.seq, b.seq], sees(p, e.body), [b.term, s.term]);
    },
    onBelief(c, b, p, pk, emit) {
      if (pk.k !== 'pubKey' || !c.same(pk.p, p)) return;
      for (const s of c.encryptedSeen(p, pk.key)) {
        const e = (s.term as Believed<'sees'>).x as Believed<'enc'>;
        emit([s.seq, b.seq], sees(p, e.body), [b.term, s.term]);
      }
    },
  },
  {
    name: 'seeing/signature',
    statement: 'P |= ->K Q,  P <| {X}K^-1  /  P <| X',
    onSighting(c, s, p, e, emit) {
      if (e.k !== 'enc' || e.key.k !== 'inv') return;
      for (const b of c.publicKeysOf(p, e.key.key)) emit([s.seq, b.seq], sees(p, e.body), [b.term, s.term]);
    },
    onBelief(c, b, p, pk, emit) {
      if (pk.k !== 'pubKey') return;
      for (const s of c.signedSeen(p, pk.key)) {
        const e = (s.term as Believed<'sees'>).x as Believed<'enc'>;
        emit([s.seq, b.seq], sees(p, e.body), [b.term, s.term]);
      }
    },
  },
  {
    name: 'freshness',
    statement: 'P |= #(X)  /  P |= #(X, Y)',
    onBelief(c, b, p, x, emit) {
      if (x.k !== 'fresh') return;
      for (const { t, index } of c.tuplesContaining(x.x)) emit([b.seq, index], believes(p, fresh(t)), [b.term]);
    },
  },
  {
    name: 'shared-key/symmetry',
    statement: "P |= R <-K-> R'  /  P |= R' <-K-> R   (also under P |= Q |= ...)",
    onBelief(_c, b, p, x, emit) {
      if (x.k === 'sharedKey') emit([b.seq], believes(p, sharedKey(x.b, x.key, x.a)), [b.term]);
      else if (x.k === 'believes' && x.x.k === 'sharedKey') {
        const y = x.x;
        emit([b.seq], believes(p, believes(x.p, sharedKey(y.b, y.key, y.a))), [b.term]);
      }
    },
  },
  {
    name: 'shared-secret/symmetry',
    statement: "P |= R <=Y=> R'  /  P |= R' <=Y=> R   (also under P |= Q |= ...)",
    onBelief(_c, b, p, x, emit) {
      if (x.k === 'secret') emit([b.seq], believes(p, secret(x.b, x.y, x.a)), [b.term]);
      else if (x.k === 'believes' && x.x.k === 'secret') {
        const y = x.x;
        emit([b.seq], believes(p, believes(x.p, secret(y.b, y.y, y.a))), [b.term]);
      }
    },
  },
];

export const ruleNames: readonly string[] = rules.map((r) => r.name);
