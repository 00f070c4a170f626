/**
 * Turns a scheme's declared `ProtocolDescription` (core/protocol.ts) into an SPDL model (the tree of
 * `scyther/spdl/ast.ts`, printed by `scyther/spdl/print.ts`). Each phase becomes one `protocol`; all phases go into
 * one file so that Scyther also looks for attacks across them (Cremers, "Feasibility of multi-protocol attacks",
 * ARES 2006). Signatures `sign(body, A)` become `{body}sk(A)` (Scyther's signature convention, body recoverable);
 * `k(A,B)`, `pk(A)`, `sk(A)` map to Scyther's predeclared functions; the top-level tuple of a message is written as
 * the event's argument list, which Scyther reads as the same tuple.
 */
import type { ProtocolDescription, ProtocolEvent, ProtocolPhase, RoleDescription, Term } from '../../core/protocol.js';
import type {
  SpdlDeclaration,
  SpdlFile,
  SpdlPos,
  SpdlProtocol,
  SpdlRole,
  SpdlRoleItem,
  SpdlTerm,
  SpdlTopItem,
} from '../spdl/ast.js';
import { KEYWORDS } from '../spdl/lex.js';
import { printSpdl } from '../spdl/print.js';
import { ExportError } from './errors.js';

/** Types Scyther knows without a `usertype` declaration. */
const BUILTIN_TYPES = new Set(['Agent', 'Function', 'Nonce', 'Ticket', 'SessionKey']);
const NAME = /^[A-Za-z0-9^!'-]+$/;

const POS: SpdlPos = { file: '<export>', line: 0, column: 0 };

function checkName(n: string, what: string): string {
  if (!NAME.test(n) || KEYWORDS.has(n) || n === 'include')
    throw new ExportError(`${what} '${n}' is not a valid SPDL identifier (letters, digits, ^ ! ' - ; not a keyword)`);
  return n;
}

const id = (name: string): SpdlTerm => ({ kind: 'id', name, pos: POS });
const app = (fn: string, args: SpdlTerm[]): SpdlTerm => ({ kind: 'app', fn, args, pos: POS });

/** A tuple's items, or the term alone: where SPDL takes a term list (messages, encryption bodies). */
function spread(t: Term): Term[] {
  return t.kind === 'tuple' ? t.items : [t];
}

/**
 * `roles` are the names that may stand for an agent: the phase's roles, and a role's variables of type Agent (the
 * re-encryption rewrite of `capability-reuse` is one role over agent variables).
 */
export function termToSpdl(t: Term, roles: Set<string>): SpdlTerm {
  const agent = (n: string): SpdlTerm => {
    if (!roles.has(n)) throw new ExportError(`term names role '${n}', which is not a role of this phase`);
    return id(n);
  };
  switch (t.kind) {
    case 'var':
    case 'fresh':
    case 'const':
      return id(checkName(t.name, 'name'));
    case 'agent':
      return agent(t.name);
    case 'tuple':
      if (t.items.length === 0) throw new ExportError('empty tuple');
      return { kind: 'tuple', items: t.items.map((x) => termToSpdl(x, roles)), pos: POS };
    case 'enc':
      return {
        kind: 'enc',
        body: spread(t.body).map((x) => termToSpdl(x, roles)),
        key: termToSpdl(t.key, roles),
        pos: POS,
      };
    case 'sign':
      return {
        kind: 'enc',
        body: spread(t.body).map((x) => termToSpdl(x, roles)),
        key: app('sk', [agent(t.signer)]),
        pos: POS,
      };
    case 'hash':
    case 'app':
      return app(
        checkName(t.fn, 'function'),
        t.args.map((x) => termToSpdl(x, roles)),
      );
    case 'pk':
      return app('pk', [agent(t.agent)]);
    case 'sk':
      return app('sk', [agent(t.agent)]);
    case 'shared':
      return app('k', [agent(t.a), agent(t.b)]);
  }
}

function eventToSpdl(e: ProtocolEvent, role: string, roles: Set<string>): SpdlRoleItem {
  const msg = (t: Term): SpdlTerm[] => spread(t).map((x) => termToSpdl(x, roles));
  switch (e.kind) {
    case 'send':
      return {
        kind: 'send',
        keyword: 'send',
        label: checkName(e.label, 'label'),
        from: id(role),
        to: termToSpdl({ kind: 'agent', name: e.to }, roles),
        message: msg(e.msg),
        pos: POS,
      };
    case 'recv':
      return {
        kind: 'recv',
        keyword: 'recv',
        label: checkName(e.label, 'label'),
        from: termToSpdl({ kind: 'agent', name: e.from }, roles),
        to: id(role),
        message: msg(e.msg),
        pos: POS,
      };
    case 'claim':
      return {
        kind: 'claim',
        label: checkName(e.label, 'label'),
        agent: id(role),
        claim: checkName(e.claim, 'claim type'),
        params: e.param ? [termToSpdl(e.param, roles)] : [],
        pos: POS,
      };
    case 'match':
      return {
        kind: 'match',
        negated: false,
        pattern: termToSpdl(e.pattern, roles),
        value: termToSpdl(e.value, roles),
        pos: POS,
      };
  }
}

function roleToSpdl(r: RoleDescription, phaseRoles: Set<string>): SpdlRole {
  const roles = new Set([...phaseRoles, ...r.vars.filter((x) => x.type === 'Agent').map((x) => x.name)]);
  const decls: SpdlDeclaration[] = [
    ...r.fresh.map((x): SpdlDeclaration => ({
      kind: 'fresh',
      names: [checkName(x.name, 'fresh value')],
      ...(x.type ? { type: checkName(x.type, 'type') } : {}),
      pos: POS,
    })),
    ...r.vars.map((x): SpdlDeclaration => ({
      kind: 'var',
      secret: false,
      names: [checkName(x.name, 'variable')],
      types: x.type ? [checkName(x.type, 'type')] : [],
      pos: POS,
    })),
  ];
  return {
    kind: 'role',
    name: r.name,
    singular: false,
    items: [...decls, ...r.events.map((e) => eventToSpdl(e, r.name, roles))],
    pos: POS,
  };
}

function phaseToSpdl(p: ProtocolPhase): SpdlProtocol {
  checkName(p.name, 'phase (protocol) name');
  const names = p.roles.map((r) => checkName(r.name, 'role'));
  if (new Set(names).size !== names.length) throw new ExportError(`phase ${p.name} declares a role twice`);
  if (names.length === 0) throw new ExportError(`phase ${p.name} has no roles`);
  const roles = new Set(names);
  return {
    kind: 'protocol',
    name: p.name,
    params: names.map(id),
    items: p.roles.map((r) => roleToSpdl(r, roles)),
    pos: POS,
  };
}

/** The SPDL tree of a whole description: global declarations (types, hash functions, constants), then phases. */
export function descriptionToSpdl(d: ProtocolDescription): SpdlFile {
  if (d.phases.length === 0) throw new ExportError(`protocol description ${d.name} has no phases`);
  const usertypes: string[] = [];
  const hashes: string[] = [];
  const secretFns: string[] = [];
  const consts = new Map<string, string | undefined>();
  const add = (list: string[], x: string): void => {
    if (!list.includes(x)) list.push(x);
  };
  for (const p of d.phases) {
    for (const u of p.usertypes ?? []) add(usertypes, checkName(u, 'usertype'));
    for (const h of p.hashFunctions ?? []) add(hashes, checkName(h, 'hash function'));
    for (const h of p.secretFunctions ?? []) add(secretFns, checkName(h, 'secret function'));
    for (const c of p.constants ?? []) {
      const ty = p.constantTypes?.[c];
      if (consts.has(c) && consts.get(c) !== ty) throw new ExportError(`constant ${c} declared with two types`);
      consts.set(checkName(c, 'constant'), ty);
      if (ty && !BUILTIN_TYPES.has(ty)) add(usertypes, checkName(ty, 'type'));
    }
    for (const r of p.roles)
      for (const x of [...r.fresh, ...r.vars])
        if (x.type && !BUILTIN_TYPES.has(x.type)) add(usertypes, checkName(x.type, 'type'));
  }
  const items: SpdlTopItem[] = [];
  if (usertypes.length) items.push({ kind: 'usertype', names: usertypes, pos: POS });
  if (hashes.length)
    items.push({ kind: 'hashfunction', keyword: 'hashfunction', secret: false, names: hashes, pos: POS });
  const both = secretFns.filter((x) => hashes.includes(x));
  if (both.length) throw new ExportError(`function ${both.join(', ')} declared both public and secret`);
  // `secret f: Function;`, not `secret hashfunction f;`: the real Scyther (test-autobuilds-5-2) lets the intruder
  // apply a function declared the second way (it found an attack applying `rk` itself), the first way it does not.
  if (secretFns.length) items.push({ kind: 'secret', names: secretFns, type: 'Function', pos: POS });
  for (const [name, type] of consts)
    items.push({ kind: 'const', secret: false, names: [name], ...(type ? { type } : {}), pos: POS });
  for (const p of d.phases) items.push(phaseToSpdl(p));
  return { kind: 'file', file: `${d.name}.spdl`, items };
}

/** SPDL text of a description, with a header naming its source, variant and the modelling notes. */
export function exportSpdl(d: ProtocolDescription, opts: { variant?: string; variantNote?: string } = {}): string {
  const header = [
    `${d.name}${opts.variant ? ` (ablation: ${opts.variant})` : ''}: generated by \`medexchain spdl export\` from the scheme's declared protocol description.`,
    ...(opts.variantNote ? [`Ablation: ${opts.variantNote}`] : []),
    ...d.phases.flatMap((p) => (p.notes ?? []).map((n) => `${p.name}: ${n}`)),
  ];
  return printSpdl(descriptionToSpdl(d), header);
}
