/**
 * The verifier's own model of an SPDL file: roles as lists of events over term templates, the intruder's initial
 * knowledge, inverse keys and the claims to check. It follows how Scyther compiles SPDL (cascremers/scyther,
 * `src/compiler.c`, `src/specialterm.c`), because agreement with Scyther depends on these details:
 *
 * - every role of a protocol knows all role names as agent variables (its rho), plus its declared `var`s; `fresh`
 *   names (and deprecated role-level `const`s) are constants of one run;
 * - `f(x)` is `{x}f`; `pk`, `sk`, `k` are predeclared with `inversekeyfunctions(pk, sk)`; the intruder knows `pk`,
 *   every non-secret global/protocol constant and hash function (not its inverse `_unhash-f`);
 * - the intruder's initial knowledge M0 (specialterm.c, specialTermInitAfter): the agent names Alice, Bob, Charlie,
 *   Dave, Eve, Simon, Pete, the compromised agent Eve's `sk(Eve)`, the shared keys `k(Alice,Eve)`, `k(Bob,Eve)`,
 *   `k(Charlie,Eve)`, `k(Eve,Alice)`, and any `compromised` terms;
 * - `match(p, m)` must unify; `not match(p, m)` is an inequality that prunes patterns where p and m became equal;
 * - communication labels are per protocol; a label starting with `!` is ignored by the agreement claims;
 * - unlabeled claims get label `<Role><n>`, n = 1 + number of claim events before it in the role; a label an
 *   earlier claim of the protocol already has is replaced by `<Role><m>`, the first m naming no symbol;
 * - the `prec` set of an agreement claim is the set of receive labels that causally precede it in the protocol
 *   (role order plus send->receive of the same label, transitively closed: compiler.c, compute_prec_sets), and its
 *   roles are the send and receive roles of those labels;
 * - a `Secret`/`SKR` claim on a variable the role never receives holds trivially (compiler.c, claimCreate).
 */
import { MedexError } from '../../core/errors.js';
import type {
  SpdlFile,
  SpdlTerm,
  SpdlDeclaration,
  SpdlRole,
  SpdlProtocol,
  SpdlEvent,
  SpdlTopItem,
} from '../spdl/ast.js';
import { K, TermTable } from './terms.js';

/** The model is not one Scyther accepts (Scyther exits with an error on it); nothing is verified. */
export class VerifierModelError extends MedexError {
  constructor(detail: string) {
    super('verifier/model', detail);
  }
}

/** `intruder` marks the single event of an intruder derivation node in the search (never in a role). */
export type EventKind = 'send' | 'recv' | 'claim' | 'match' | 'notmatch' | 'intruder';

export interface EventSpec {
  kind: EventKind;
  /** Protocol-scoped label of a send/recv (`proto:label`), or the claim label. */
  label: string;
  /** Agreement claims skip labels written with a leading `!`. */
  ignore: boolean;
  /** Templates (terms over the role's slots). For a claim: from = claiming agent, msg = parameter tuple or -1. */
  from: number;
  to: number;
  msg: number;
  claimType?: string;
  /** For claims: the role-name template of the first parameter (Commit/Running partner role), else -1. */
  claimRole?: string;
  line: number;
}

export interface SlotSpec {
  name: string;
  kind: 'role' | 'var' | 'fresh';
  types: string[];
}

export interface RoleSpec {
  index: number;
  protocol: ProtocolSpec;
  name: string;
  slots: SlotSpec[];
  /** Slot of each protocol role name (rho), in the protocol's role order. */
  rhoSlots: number[];
  actorSlot: number;
  events: EventSpec[];
  /** Index of each event among the events that can carry a send (for quick enumeration). */
  sendIndices: number[];
}

export interface ProtocolSpec {
  name: string;
  /** Scyther's helper protocols have names starting with `@`; their runs count but are not agents' sessions. */
  helper: boolean;
  roles: RoleSpec[];
  roleNames: string[];
}

export interface ClaimSpec {
  role: RoleSpec;
  /** Index of the claim event in the role. */
  index: number;
  type: string;
  label: string;
  param: string;
  /** Receive labels (protocol-scoped) causally preceding the claim. */
  prec: string[];
  /** Roles involved in prec, claim role first (compiler.c, order_label_roles). */
  precRoles: string[];
  alwaysTrue: boolean;
}

export interface LabelInfo {
  sendRole?: string;
  recvRole?: string;
  ignore: boolean;
}

export interface Model {
  file: string;
  /** Scyther's warnings on the model that do not stop verification (e.g. a declared role without a role block). */
  warnings: string[];
  table: TermTable;
  protocols: ProtocolSpec[];
  roles: RoleSpec[];
  claims: ClaimSpec[];
  labels: Map<string, LabelInfo>;
  /** Non-atomic terms of M0 (sk(Eve), k(.,.), compromised terms); atomic public constants are flagged public. */
  m0: number[];
  /** Inverse of atomic keys (inversekeys declarations, hash functions' secret inverses). */
  invConst: Map<number, number>;
  /** Inverse key functions: {x}f has inverse {x}g. */
  invFunc: Map<number, number>;
  eve: number;
  agentNames: number[];
}

const BUILTIN_TYPES = new Set(['Agent', 'Nonce', 'Ticket', 'SessionKey', 'Data', 'Function']);
const SCYTHER_AGENTS = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Simon', 'Pete'];

interface Scope {
  /** name -> term (global constants, functions) or slot template */
  names: Map<string, number>;
  functions: Set<string>;
  macros: Map<string, SpdlTerm[]>;
}

/** Build the verifier model from a parsed SPDL file (includes are flattened here). */
export function buildModel(file: SpdlFile): Model {
  const table = new TermTable();
  const m0: number[] = [];
  const invConst = new Map<number, number>();
  const invFunc = new Map<number, number>();
  const types = new Set(BUILTIN_TYPES);
  const global: Scope = { names: new Map(), functions: new Set(), macros: new Map() };

  const fn = (name: string, isPublic: boolean): number => {
    const t = table.constant(name, ['Function'], -1, isPublic);
    global.names.set(name, t);
    global.functions.add(name);
    return t;
  };
  const pk = fn('pk', true);
  const sk = fn('sk', false);
  fn('k', false);
  invFunc.set(pk, sk);
  invFunc.set(sk, pk);

  const items: SpdlTopItem[] = [];
  const flatten = (f: SpdlFile): void => {
    for (const it of f.items) {
      if (it.kind === 'include') flatten(it.file);
      else items.push(it);
    }
  };
  flatten(file);

  // Every identifier of the file is a symbol of Scyther's symbol table; a fresh claim label avoids them all.
  const symbols = new Set<string>();
  const collect = (x: unknown): void => {
    if (typeof x === 'string') symbols.add(x);
    else if (Array.isArray(x)) x.forEach(collect);
    else if (x !== null && typeof x === 'object') Object.values(x).forEach(collect);
  };
  collect(items);

  const protocols: ProtocolSpec[] = [];
  const warnings: string[] = [];
  const roles: RoleSpec[] = [];
  const claims: ClaimSpec[] = [];
  const labels = new Map<string, LabelInfo>();
  const compromisedTerms: SpdlTerm[] = [];

  const typeList = (t: string | undefined, pos: { line: number }): string[] => {
    const ty = t ?? 'Ticket';
    if (!types.has(ty)) throw new VerifierModelError(`unknown type '${ty}' on line ${pos.line}`);
    return [ty];
  };

  /** Global / protocol-level declarations (Scyther level < 2): constants are public unless secret. */
  const declareGlobal = (d: SpdlDeclaration, scope: Scope): void => {
    switch (d.kind) {
      case 'const':
      case 'secret':
        for (const n of d.names) {
          const ty = typeList(d.type, d.pos);
          const isPublic = d.kind === 'const' && !d.secret;
          const t = table.constant(n, ty, -1, isPublic);
          scope.names.set(n, t);
          if (ty[0] === 'Function') scope.functions.add(n);
        }
        return;
      case 'fresh':
        throw new VerifierModelError(
          `fresh terms [${d.names.join(', ')}] should be declared inside roles, on line ${d.pos.line}`,
        );
      case 'var':
        for (const n of d.names) {
          // A global variable is only a name the intruder knows in Scyther's compiler; treat it as a public constant.
          const ty = d.types.length ? d.types : ['Ticket'];
          for (const x of ty)
            if (!types.has(x)) throw new VerifierModelError(`unknown type '${x}' on line ${d.pos.line}`);
          scope.names.set(n, table.constant(n, ty, -1, !d.secret));
        }
        return;
      case 'hashfunction':
        for (const n of d.names) {
          const f = table.constant(n, ['Function'], -1, !d.secret);
          const inv = table.constant(`_unhash-${n}`, ['Function'], -1, false);
          invConst.set(f, inv);
          invConst.set(inv, f);
          scope.names.set(n, f);
          scope.functions.add(n);
        }
        return;
      case 'inversekeys': {
        const a = termOf(d.a, scope, null);
        const b = termOf(d.b, scope, null);
        if (d.functions) {
          invFunc.set(a, b);
          invFunc.set(b, a);
        } else {
          invConst.set(a, b);
          invConst.set(b, a);
        }
        return;
      }
      case 'compromised':
        compromisedTerms.push(...d.terms);
        return;
      case 'macro':
        scope.macros.set(d.name, d.value);
        return;
    }
  };

  /** Translate an SPDL term in a scope; `slots` (role scope) maps role-local names to template slots. */
  function termOf(t: SpdlTerm, scope: Scope, local: Scope | null, depth = 0): number {
    if (depth > 64) throw new VerifierModelError(`macro expansion too deep on line ${t.pos.line}`);
    const lookup = (name: string): number | undefined => local?.names.get(name) ?? scope.names.get(name);
    switch (t.kind) {
      case 'id': {
        const macro = local?.macros.get(t.name) ?? scope.macros.get(t.name);
        if (macro) return table.tuple(macro.map((m) => termOf(m, scope, local, depth + 1)));
        const v = lookup(t.name);
        if (v === undefined) throw new VerifierModelError(`undeclared symbol '${t.name}' on line ${t.pos.line}`);
        return v;
      }
      case 'app': {
        const f = lookup(t.fn);
        if (f === undefined) throw new VerifierModelError(`undeclared function '${t.fn}' on line ${t.pos.line}`);
        if (t.args.length === 0)
          throw new VerifierModelError(`function '${t.fn}' without arguments on line ${t.pos.line}`);
        return table.enc(table.tuple(t.args.map((x) => termOf(x, scope, local, depth))), f);
      }
      case 'enc':
        if (t.body.length === 0) throw new VerifierModelError(`empty encryption on line ${t.pos.line}`);
        return table.enc(
          table.tuple(t.body.map((x) => termOf(x, scope, local, depth))),
          termOf(t.key, scope, local, depth),
        );
      case 'tuple':
        if (t.items.length === 0) throw new VerifierModelError(`empty tuple on line ${t.pos.line}`);
        return table.tuple(t.items.map((x) => termOf(x, scope, local, depth)));
    }
  }

  // Pass 1: top-level declarations and usertypes, in file order (protocol bodies later see all globals).
  for (const it of items) {
    if (it.kind === 'usertype') for (const n of it.names) types.add(n);
  }
  for (const it of items) {
    if (it.kind === 'protocol' || it.kind === 'usertype' || it.kind === 'option' || it.kind === 'run') continue;
    if (it.kind === 'untrusted') continue; // Scyther: only Eve is untrusted by default; extra names are ignored here
    declareGlobal(it as SpdlDeclaration, global);
  }

  for (const it of items) {
    if (it.kind !== 'protocol') continue;
    protocols.push(buildProtocol(it));
  }

  function buildProtocol(p: SpdlProtocol): ProtocolSpec {
    const proto: ProtocolSpec = { name: p.name, helper: p.name.startsWith('@'), roles: [], roleNames: [] };
    const pscope: Scope = {
      names: new Map(global.names),
      functions: new Set(global.functions),
      macros: new Map(global.macros),
    };
    const roleDecls = p.items.filter((x): x is SpdlRole => x.kind === 'role');
    proto.roleNames = roleDecls.map((r) => r.name);
    // A role named in the header without a role block is still a role: every role knows its agent, it just never
    // runs (Scyther warns "empty role definitions" and verifies).
    const empty = [
      ...new Set(p.params.flatMap((t) => (t.kind === 'id' && !proto.roleNames.includes(t.name) ? [t.name] : []))),
    ];
    if (empty.length) {
      warnings.push(`protocol ${p.name} has empty role definitions for the roles: [${empty.join(', ')}]`);
      proto.roleNames.push(...empty);
    }
    if (new Set(proto.roleNames).size !== proto.roleNames.length)
      throw new VerifierModelError(`protocol ${p.name} declares a role twice`);
    for (const d of p.items) if (d.kind !== 'role') declareGlobal(d, pscope);
    const claimLabels = new Set<string>();
    for (const r of roleDecls) proto.roles.push(buildRole(proto, r, pscope, claimLabels));
    return proto;
  }

  /**
   * The label Scyther gives a claim (compiler.c, claimCreate): its own, or `<Role><n>` (n = its position among the
   * role's claims) when it has none; either one, if an earlier claim of the protocol already has it, is replaced
   * by `<Role><m>` with the first m that names no symbol yet (term.c, freshTermPrefix).
   */
  function claimLabel(role: string, own: string | undefined, n: number, used: Set<string>): string {
    let label = own ?? `${role}${n}`;
    if (used.has(label)) {
      let m = 1;
      while (symbols.has(`${role}${m}`)) m++;
      label = `${role}${m}`;
    }
    symbols.add(label);
    used.add(label);
    return label;
  }

  function buildRole(proto: ProtocolSpec, r: SpdlRole, pscope: Scope, claimLabels: Set<string>): RoleSpec {
    const slots: SlotSpec[] = [];
    const local: Scope = { names: new Map(), functions: new Set(), macros: new Map() };
    const addSlot = (name: string, kind: SlotSpec['kind'], ty: string[]): number => {
      const i = slots.length;
      slots.push({ name, kind, types: ty });
      local.names.set(name, table.slot(i));
      return i;
    };
    const rhoSlots = proto.roleNames.map((n) => addSlot(n, 'role', ['Agent']));
    const role: RoleSpec = {
      index: roles.length,
      protocol: proto,
      name: r.name,
      slots,
      rhoSlots,
      actorSlot: rhoSlots[proto.roleNames.indexOf(r.name)]!,
      events: [],
      sendIndices: [],
    };
    roles.push(role);
    let claimCount = 0;
    const recvVarSlots = new Set<number>();
    const collectSlots = (t: number, acc: Set<number>): void => {
      const k = table.kind[t];
      if (k === K.Slot) acc.add(table.a[t]!);
      else if (k === K.Tup || k === K.Enc) {
        collectSlots(table.a[t]!, acc);
        collectSlots(table.b[t]!, acc);
      }
    };
    const pendingClaims: { ev: EventSpec; index: number; paramText: string; params: number }[] = [];
    for (const item of r.items) {
      if (item.kind === 'knows') continue;
      if (item.kind === 'const' || item.kind === 'fresh' || item.kind === 'secret') {
        // Role-level const/secret are run constants like fresh (Scyther: "use fresh instead").
        for (const n of item.names) addSlot(n, 'fresh', typeList(item.type, item.pos));
        continue;
      }
      if (item.kind === 'var') {
        const ty = item.types.length ? item.types : ['Ticket'];
        for (const x of ty)
          if (!types.has(x)) throw new VerifierModelError(`unknown type '${x}' on line ${item.pos.line}`);
        for (const n of item.names) addSlot(n, 'var', ty);
        continue;
      }
      if (item.kind === 'macro') {
        local.macros.set(item.name, item.value);
        continue;
      }
      if (item.kind === 'hashfunction' || item.kind === 'inversekeys' || item.kind === 'compromised') {
        declareGlobal(item, pscope);
        continue;
      }
      const e = item as SpdlEvent;
      const T = (t: SpdlTerm): number => termOf(t, pscope, local);
      if (e.kind === 'send' || e.kind === 'recv') {
        const label = `${proto.name}:${e.label}`;
        const info = labels.get(label) ?? { ignore: e.label.startsWith('!') };
        labels.set(label, info);
        if (e.message.length === 0) throw new VerifierModelError(`${e.kind} without message on line ${e.pos.line}`);
        const ev: EventSpec = {
          kind: e.kind,
          label,
          ignore: info.ignore,
          from: T(e.from),
          to: T(e.to),
          msg: table.tuple(e.message.map(T)),
          line: e.pos.line,
        };
        const own = local.names.get(r.name)!;
        if (e.kind === 'send') {
          if (ev.from !== own)
            throw new VerifierModelError(`send role does not correspond to execution role at line ${e.pos.line}`);
          if (info.sendRole !== undefined) throw new VerifierModelError(`label ${e.label} defined twice for sendrole`);
          info.sendRole = r.name;
          role.sendIndices.push(role.events.length);
        } else {
          if (ev.to !== own)
            throw new VerifierModelError(`recv role does not correspond to execution role at line ${e.pos.line}`);
          if (info.recvRole !== undefined) throw new VerifierModelError(`label ${e.label} defined twice for recvrole`);
          info.recvRole = r.name;
          collectSlots(ev.msg, recvVarSlots);
        }
        role.events.push(ev);
      } else if (e.kind === 'match') {
        claimCount += e.negated ? 1 : 0;
        role.events.push({
          kind: e.negated ? 'notmatch' : 'match',
          label: '',
          ignore: true,
          from: T(e.pattern),
          to: -1,
          msg: T(e.value),
          line: e.pos.line,
        });
        if (!e.negated) collectSlots(role.events[role.events.length - 1]!.from, recvVarSlots);
      } else if (e.kind === 'claim') {
        claimCount++;
        const label = claimLabel(r.name, e.label, claimCount, claimLabels);
        const params = e.params.map(T);
        const ev: EventSpec = {
          kind: 'claim',
          label,
          ignore: true,
          from: T(e.agent),
          to: -1,
          msg: params.length ? table.tuple(params) : -1,
          claimType: e.claim,
          line: e.pos.line,
        };
        if ((e.claim === 'Commit' || e.claim === 'Running') && e.params[0]?.kind === 'id')
          ev.claimRole = e.params[0].name;
        if (
          ![
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
            'SID',
          ].includes(e.claim)
        )
          throw new VerifierModelError(`unknown claim type '${e.claim}' on line ${e.pos.line}`);
        if (e.claim === 'Reachable' && params.length > 0)
          throw new VerifierModelError(
            `Reachable claim of role ${r.name} on line ${e.pos.line} does not require any arguments`,
          );
        role.events.push(ev);
        if (e.claim !== 'Running' && e.claim !== 'Empty' && e.claim !== 'Notequal' && e.claim !== 'SID')
          pendingClaims.push({
            ev,
            index: role.events.length - 1,
            paramText: paramText(e.params, e.claim),
            params: ev.msg,
          });
      }
    }
    // Well-formedness (compiler.c, WellFormedRole): a variable first occurs in a receive (a match's pattern is
    // compiled as a receive, its value as a send before it).
    for (let v = 0; v < slots.length; v++) {
      if (slots[v]!.kind !== 'var') continue;
      const has = (t: number): boolean => {
        if (t < 0) return false;
        const acc = new Set<number>();
        collectSlots(t, acc);
        return acc.has(v);
      };
      for (const ev of role.events) {
        const asSend =
          ev.kind === 'match' ? has(ev.msg) : ev.kind !== 'recv' && (has(ev.msg) || has(ev.from) || has(ev.to));
        const asRecv =
          ev.kind === 'recv' ? has(ev.msg) || has(ev.from) || has(ev.to) : ev.kind === 'match' && has(ev.from);
        if (asSend)
          throw new VerifierModelError(
            `protocol ${proto.name}, role ${r.name} is not well-formed: the variable '${slots[v]!.name}' should occur first in a receive event`,
          );
        if (asRecv) break;
      }
    }
    for (const pc of pendingClaims) {
      let alwaysTrue = false;
      if ((pc.ev.claimType === 'Secret' || pc.ev.claimType === 'SKR') && pc.params >= 0) {
        const vs = new Set<number>();
        collectSlots(pc.params, vs);
        for (const s of vs) if (slots[s]!.kind === 'var' && !recvVarSlots.has(s)) alwaysTrue = true;
      }
      claims.push({
        role,
        index: pc.index,
        type: pc.ev.claimType!,
        label: pc.ev.label,
        param: pc.paramText,
        prec: [],
        precRoles: [],
        alwaysTrue,
      });
    }
    return role;
  }

  // Every receive (label without '!') has a send with the same label whose content it can match
  // (compiler.c, checkLabelMatchProtocol / checkEventMatch).
  for (const proto of protocols) {
    for (const r of proto.roles) {
      for (const ev of r.events) {
        if (ev.kind !== 'recv' || ev.ignore) continue;
        const sends = proto.roles.flatMap((s) =>
          s.events.filter((e) => e.kind === 'send' && e.label === ev.label).map((e) => [s, e] as const),
        );
        if (sends.length === 0)
          throw new VerifierModelError(
            `for the recv event ${ev.label.replace(/^[^:]*:/, '')} of protocol ${proto.name} (line ${ev.line}) there is no corresponding send event`,
          );
        for (const [sr, se] of sends) {
          const ok = [0, 1, 2].every((w) => {
            const a = w === 0 ? se.msg : w === 1 ? se.from : se.to;
            const b = w === 0 ? ev.msg : w === 1 ? ev.from : ev.to;
            return roleTermsMatch(table, sr, a, r, b);
          });
          if (!ok)
            throw new VerifierModelError(
              `events with label ${ev.label.replace(/^[^:]*:/, '')} of protocol ${proto.name} do not match (send line ${se.line}, recv line ${ev.line})`,
            );
        }
      }
    }
  }

  // prec sets (compiler.c, compute_prec_sets): role order + send(l) -> recv(l), transitive closure.
  for (const c of claims) {
    const proto = c.role.protocol;
    const seen = new Set<string>(); // `${role}:${index}`
    const stack: [RoleSpec, number][] = [[c.role, c.index]];
    const prec = new Set<string>();
    while (stack.length) {
      const [r, i] = stack.pop()!;
      // Every event before (r,i) in the role precedes it; for each receive among them, its label's send precedes.
      for (let j = i - 1; j >= 0; j--) {
        const key = `${r.index}:${j}`;
        if (seen.has(key)) break;
        seen.add(key);
        const ev = r.events[j]!;
        if (ev.kind === 'recv') {
          prec.add(ev.label);
          for (const r2 of allRolesOf(ev.label)) {
            const k = r2.events.findIndex((x) => x.kind === 'send' && x.label === ev.label);
            if (k >= 0) stack.push([r2, k + 1]);
          }
        }
      }
    }
    c.prec = [...prec];
    void proto;
    const involved = new Set<string>();
    for (const l of c.prec) {
      const info = labels.get(l)!;
      if (info.sendRole !== undefined) involved.add(info.sendRole);
      if (info.recvRole !== undefined) involved.add(info.recvRole);
    }
    c.precRoles = [c.role.name, ...[...involved].filter((x) => x !== c.role.name)];
  }
  function allRolesOf(label: string): RoleSpec[] {
    return roles.filter((r) => r.events.some((e) => e.kind === 'send' && e.label === label));
  }

  // Intruder's initial knowledge (specialterm.c).
  const agentNames = SCYTHER_AGENTS.map((n) => table.constant(n, ['Agent'], -1, true));
  const eve = agentNames[4]!;
  const kfun = global.names.get('k')!;
  m0.push(table.enc(eve, sk));
  for (const [x, y] of [
    [0, 4],
    [1, 4],
    [2, 4],
    [4, 0],
  ] as const)
    m0.push(table.enc(table.tup(agentNames[x]!, agentNames[y]!), kfun));
  for (const t of compromisedTerms) m0.push(termOf(t, global, null));

  return { file: file.file, warnings, table, protocols, roles, claims, labels, m0, invConst, invFunc, eve, agentNames };
}

/**
 * Can a receive pattern of role rr match what role sr sends? Receiver variables match anything; role names match
 * the same role name; other names must be equal (mgu.c, checkRoletermMatch, approximated structurally).
 */
function roleTermsMatch(T: TermTable, sr: RoleSpec, a: number, rr: RoleSpec, b: number): boolean {
  const kb = T.kind[b];
  if (kb === K.Slot && rr.slots[T.a[b]!]!.kind === 'var') return true;
  const ka = T.kind[a];
  if (ka === K.Slot && kb === K.Slot) {
    const x = sr.slots[T.a[a]!]!;
    const y = rr.slots[T.a[b]!]!;
    if (x.kind === 'role' || y.kind === 'role') return x.kind === y.kind && x.name === y.name;
    return x.name === y.name;
  }
  if (ka === K.Slot && sr.slots[T.a[a]!]!.kind === 'var') return true;
  if (ka !== kb) return false;
  if (ka === K.Const) return a === b;
  return roleTermsMatch(T, sr, T.a[a]!, rr, T.a[b]!) && roleTermsMatch(T, sr, T.b[a]!, rr, T.b[b]!);
}

function paramText(params: SpdlTerm[], claim: string): string {
  if (params.length === 0) return '-';
  const show = (t: SpdlTerm): string => {
    switch (t.kind) {
      case 'id':
        return t.name;
      case 'app':
        return `${t.fn}(${t.args.map(show).join(',')})`;
      case 'enc':
        return `{${t.body.map(show).join(',')}}${show(t.key)}`;
      case 'tuple':
        return `(${t.items.map(show).join(',')})`;
    }
  };
  void claim;
  return params.length === 1 ? show(params[0]!) : `(${params.map(show).join(',')})`;
}
