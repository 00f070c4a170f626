/**
 * Abstract syntax of SPDL, the Security Protocol Description Language read by Scyther (C. Cremers, "The Scyther
 * Tool: Verification, Falsification, and Analysis of Security Protocols", CAV 2008; grammar in Scyther's
 * `src/parser.y` and `src/scanner.l`, cascremers/scyther). The tree follows that grammar production by production,
 * so a printed tree re-parses to the same tree, and nothing is resolved at parse time: macros stay declarations,
 * includes stay nodes that carry the parsed included file. Semantic helpers (macro expansion, include flattening)
 * live in `resolve.ts` (`resolveSpdl`); checks in `check.ts`.
 *
 * Every node carries the position of its first token. `pk`, `sk` and `k` are not keywords in SPDL: `pk(A)`,
 * `sk(A)` and `k(A,B)` are function applications of names Scyther predeclares (with `inversekeys(pk,sk)`), so they
 * are `app` terms here.
 */

/** Where a node starts: file name as given to the parser (or `<input>`), 1-based line and column. */
export interface SpdlPos {
  file: string;
  line: number;
  column: number;
}

/** A term (parser.y `term`). */
export type SpdlTerm =
  /** A name: role, variable, constant, fresh value, function name used bare, or an unexpanded macro. */
  | { kind: 'id'; name: string; pos: SpdlPos }
  /** `f(t1, ..., tn)`: hash, user function, `pk(A)`, `sk(A)`, `k(A,B)`. */
  | { kind: 'app'; fn: string; args: SpdlTerm[]; pos: SpdlPos }
  /** `{t1, ..., tn}key`: encryption (symmetric or asymmetric; a signature is `{m}sk(A)`). Body is the tuple. */
  | { kind: 'enc'; body: SpdlTerm[]; key: SpdlTerm; pos: SpdlPos }
  /** `(t1, ..., tn)`: an explicit tuple (n >= 1; `(t)` is kept so that printing round-trips). */
  | { kind: 'tuple'; items: SpdlTerm[]; pos: SpdlPos };

/** The fields `send_` and `recv_` share. */
export interface SpdlCommBase {
  label: string;
  from: SpdlTerm;
  to: SpdlTerm;
  /** The message; several terms form an implicit tuple, as in Scyther. */
  message: SpdlTerm[];
  pos: SpdlPos;
}

/** `send_l(from, to, m...)`. */
export interface SpdlSend extends SpdlCommBase {
  kind: 'send';
  keyword: 'send';
}

/** `recv_l(from, to, m...)`; `read_` is the legacy spelling, kept so the printer reproduces it. */
export interface SpdlRecv extends SpdlCommBase {
  kind: 'recv';
  keyword: 'recv' | 'read';
}

/** Role events (parser.y `event`). */
export type SpdlEvent =
  | SpdlSend
  | SpdlRecv
  | {
      kind: 'claim';
      /** `claim_i1(...)` has label `i1`; a plain `claim(...)` has none (Scyther then numbers it). */
      label?: string;
      /** The claiming role (first argument). */
      agent: SpdlTerm;
      /** Claim type: Secret, SKR, Alive, Weakagree, Niagree, Nisynch, Commit, Running, Reachable, Empty, ... */
      claim: string;
      /** Remaining arguments (the claim parameter; Commit/Running take several). */
      params: SpdlTerm[];
      pos: SpdlPos;
    }
  | { kind: 'match'; negated: boolean; pattern: SpdlTerm; value: SpdlTerm; pos: SpdlPos };

/** Declarations, allowed at top level, inside a protocol and inside a role (parser.y `declaration`). */
export type SpdlDeclaration =
  | { kind: 'const'; secret: boolean; names: string[]; type?: string; pos: SpdlPos }
  | { kind: 'fresh'; names: string[]; type?: string; pos: SpdlPos }
  | { kind: 'var'; secret: boolean; names: string[]; types: string[]; pos: SpdlPos }
  | { kind: 'secret'; names: string[]; type?: string; pos: SpdlPos }
  | { kind: 'inversekeys'; functions: boolean; a: SpdlTerm; b: SpdlTerm; pos: SpdlPos }
  | { kind: 'compromised'; terms: SpdlTerm[]; pos: SpdlPos }
  | { kind: 'hashfunction'; keyword: 'hashfunction' | 'function'; secret: boolean; names: string[]; pos: SpdlPos }
  | { kind: 'macro'; name: string; value: SpdlTerm[]; pos: SpdlPos };

/** `knows t1, ..., tn;` (initial knowledge of a role). */
export interface SpdlKnows {
  kind: 'knows';
  terms: SpdlTerm[];
  pos: SpdlPos;
}

export type SpdlRoleItem = SpdlEvent | SpdlDeclaration | SpdlKnows;

export interface SpdlRole {
  kind: 'role';
  name: string;
  singular: boolean;
  items: SpdlRoleItem[];
  pos: SpdlPos;
}

export interface SpdlProtocol {
  kind: 'protocol';
  name: string;
  /** The parameter list `protocol P(I,R)`; Scyther ignores it, roles come from the `role` blocks. */
  params: SpdlTerm[];
  items: (SpdlRole | SpdlDeclaration)[];
  pos: SpdlPos;
}

/** Top-level items (parser.y `spdl`), plus includes, which Scyther's scanner splices in textually. */
export type SpdlTopItem =
  | SpdlProtocol
  | SpdlDeclaration
  | { kind: 'usertype'; names: string[]; pos: SpdlPos }
  | { kind: 'untrusted'; terms: SpdlTerm[]; pos: SpdlPos }
  | { kind: 'run'; protocol: string; role: string; args: SpdlTerm[]; pos: SpdlPos }
  | { kind: 'option'; text: string; pos: SpdlPos }
  | SpdlInclude;

export interface SpdlInclude {
  kind: 'include';
  /** The path as written. */
  path: string;
  /** `#include` (C style) or `include` (Scyther's scanner). */
  hash: boolean;
  /** The parsed included file. */
  file: SpdlFile;
  pos: SpdlPos;
}

export interface SpdlFile {
  kind: 'file';
  file: string;
  items: SpdlTopItem[];
}

/** Names Scyther predeclares: the key functions and the agent type. */
export const PREDECLARED_FUNCTIONS = ['pk', 'sk', 'k'] as const;

/** Claim types Scyther knows (Scyther manual, section "Claims"; src/claim.c). */
export const CLAIM_TYPES = [
  'Secret',
  'SKR',
  'Alive',
  'Weakagree',
  'Niagree',
  'Nisynch',
  'Commit',
  'Running',
  'Reachable',
  'Empty',
  'Notequal',
] as const;
