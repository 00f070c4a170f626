/**
 * Static checks on a parsed SPDL model, before any verifier sees it; each problem is positioned. Errors are what
 * Scyther itself would refuse or what makes a claim meaningless (Scyther's well-formedness rules, src/compiler.c):
 * - an event names a role the protocol does not have, or a claim is made on behalf of another role;
 * - an identifier that is not declared (role, fresh, var, const, secret, macro, hash function) - unbound variable;
 * - a variable whose first occurrence is not in a receive event (Scyther: "should occur first in a receive event");
 * - `fresh` declared outside a role (Scyther: "fresh terms should be declared inside roles");
 * - a claim label used twice in one protocol, or two identical claims without labels, or an unknown claim type.
 * Warnings: a send with no matching receive label in another role (or the converse).
 */
import type { SpdlFile, SpdlPos, SpdlProtocol, SpdlRole, SpdlTerm, SpdlTopItem } from './ast.js';
import { CLAIM_TYPES, PREDECLARED_FUNCTIONS } from './ast.js';
import { printTerm } from './print.js';

export interface SpdlIssue {
  severity: 'error' | 'warning';
  message: string;
  file: string;
  line: number;
  column: number;
}

/** Top-level items of a file with includes spliced in, as Scyther's scanner does. */
export function flattenIncludes(f: SpdlFile): SpdlTopItem[] {
  return f.items.flatMap((it) => (it.kind === 'include' ? flattenIncludes(it.file) : [it]));
}

function termIds(t: SpdlTerm, out: { name: string; pos: SpdlPos; fn: boolean }[] = []): typeof out {
  switch (t.kind) {
    case 'id':
      out.push({ name: t.name, pos: t.pos, fn: false });
      break;
    case 'app':
      out.push({ name: t.fn, pos: t.pos, fn: true });
      for (const a of t.args) termIds(a, out);
      break;
    case 'enc':
      for (const b of t.body) termIds(b, out);
      termIds(t.key, out);
      break;
    case 'tuple':
      for (const x of t.items) termIds(x, out);
      break;
  }
  return out;
}

export function checkSpdl(f: SpdlFile): SpdlIssue[] {
  const issues: SpdlIssue[] = [];
  const issue = (severity: SpdlIssue['severity'], pos: SpdlPos, message: string): void => {
    issues.push({ severity, message, file: pos.file, line: pos.line, column: pos.column });
  };
  const items = flattenIncludes(f);
  const globalNames = new Set<string>();
  const globalFns = new Set<string>(PREDECLARED_FUNCTIONS);
  const declare: Declare = (it, names: Set<string>, fns: Set<string>, atTop: boolean): void => {
    switch (it.kind) {
      case 'const':
      case 'var':
      case 'secret':
        for (const n of it.names) names.add(n);
        break;
      case 'fresh':
        if (atTop) issue('error', it.pos, `fresh terms [${it.names.join(', ')}] should be declared inside roles`);
        for (const n of it.names) names.add(n);
        break;
      case 'hashfunction':
        for (const n of it.names) {
          fns.add(n);
          names.add(n);
        }
        break;
      case 'macro':
        names.add(it.name);
        fns.add(it.name);
        break;
    }
  };
  for (const it of items) declare(it, globalNames, globalFns, true);
  const protocols = items.filter((i): i is SpdlProtocol => i.kind === 'protocol');
  const seenProtocols = new Map<string, SpdlPos>();
  for (const p of protocols) {
    const prev = seenProtocols.get(p.name);
    if (prev) issue('error', p.pos, `protocol ${p.name} is declared twice (first at line ${prev.line})`);
    seenProtocols.set(p.name, p.pos);
    checkProtocol(p, globalNames, globalFns, declare, issue);
  }
  if (protocols.length === 0) issue('warning', { file: f.file, line: 1, column: 1 }, 'the file declares no protocol');
  return issues.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

type Declare = (
  it: SpdlTopItem | SpdlProtocol['items'][number] | SpdlRole['items'][number],
  names: Set<string>,
  fns: Set<string>,
  atTop: boolean,
) => void;

function checkProtocol(
  p: SpdlProtocol,
  globalNames: Set<string>,
  globalFns: Set<string>,
  declare: Declare,
  issue: (s: SpdlIssue['severity'], pos: SpdlPos, m: string) => void,
): void {
  const roles = p.items.filter((i): i is SpdlRole => i.kind === 'role');
  const roleNames = new Set<string>();
  for (const r of roles) {
    if (roleNames.has(r.name)) issue('error', r.pos, `role ${r.name} is declared twice in protocol ${p.name}`);
    roleNames.add(r.name);
  }
  const protoNames = new Set(globalNames);
  const protoFns = new Set(globalFns);
  for (const it of p.items) if (it.kind !== 'role') declare(it, protoNames, protoFns, true);
  const claimLabels = new Map<string, SpdlPos>();
  const sends = new Map<string, SpdlPos>();
  const recvs = new Map<string, SpdlPos>();
  for (const r of roles) {
    const names = new Set(protoNames);
    const fns = new Set(protoFns);
    const vars = new Set<string>();
    for (const it of r.items) {
      declare(it, names, fns, false);
      if (it.kind === 'var') for (const n of it.names) vars.add(n);
    }
    const bound = new Set<string>();
    const unlabelled = new Set<string>();
    const use = (t: SpdlTerm, binds: boolean): void => {
      for (const x of termIds(t)) {
        if (x.fn) {
          if (!fns.has(x.name) && !names.has(x.name) && !roleNames.has(x.name))
            issue('error', x.pos, `function ${x.name} is not declared (hashfunction ${x.name};)`);
          continue;
        }
        if (!roleNames.has(x.name) && !names.has(x.name)) {
          issue(
            'error',
            x.pos,
            `unbound identifier ${x.name} in role ${r.name} (not a role, variable, constant or fresh value)`,
          );
          continue;
        }
        if (vars.has(x.name) && !bound.has(x.name)) {
          if (binds) bound.add(x.name);
          else issue('error', x.pos, `variable ${x.name} of role ${r.name} should occur first in a receive event`);
        }
      }
    };
    const agent = (t: SpdlTerm, what: string): void => {
      if (t.kind === 'id' && roleNames.has(t.name)) return;
      if (t.kind === 'id' && names.has(t.name)) return use(t, false);
      issue('error', t.pos, `${what} ${printTerm(t)} is not a role of protocol ${p.name}`);
    };
    for (const e of r.items) {
      switch (e.kind) {
        case 'send':
        case 'recv': {
          agent(e.from, e.kind === 'send' ? 'sender' : 'sender');
          agent(e.to, 'recipient');
          const self = e.kind === 'send' ? e.from : e.to;
          if (self.kind === 'id' && roleNames.has(self.name) && self.name !== r.name)
            issue('error', self.pos, `${e.keyword}_${e.label} in role ${r.name} is written as if by role ${self.name}`);
          for (const m of e.message) use(m, e.kind === 'recv');
          (e.kind === 'send' ? sends : recvs).set(e.label, e.pos);
          break;
        }
        case 'match':
          use(e.value, false);
          use(e.pattern, false);
          break;
        case 'claim': {
          if (!(CLAIM_TYPES as readonly string[]).includes(e.claim))
            issue('error', e.pos, `unknown claim type ${e.claim} (known: ${CLAIM_TYPES.join(', ')})`);
          if (e.agent.kind !== 'id' || !roleNames.has(e.agent.name))
            issue('error', e.agent.pos, `claim names ${printTerm(e.agent)}, which is not a role of protocol ${p.name}`);
          else if (e.agent.name !== r.name)
            issue('error', e.agent.pos, `claim in role ${r.name} is made on behalf of role ${e.agent.name}`);
          for (const x of e.params) use(x, false);
          if (e.label !== undefined) {
            const prev = claimLabels.get(e.label);
            if (prev)
              issue(
                'error',
                e.pos,
                `claim label ${e.label} is used twice in protocol ${p.name} (first at line ${prev.line})`,
              );
            claimLabels.set(e.label, e.pos);
          } else {
            const key = `${e.claim}(${e.params.map(printTerm).join(',')})`;
            if (unlabelled.has(key))
              issue('error', e.pos, `duplicate unlabelled claim ${key} in role ${r.name}: give each a label`);
            unlabelled.add(key);
          }
          break;
        }
        case 'knows':
          for (const x of e.terms) use(x, true);
          break;
      }
    }
  }
  for (const [l, pos] of sends)
    if (!recvs.has(l)) issue('warning', pos, `send_${l} has no matching recv_${l} in protocol ${p.name}`);
  for (const [l, pos] of recvs)
    if (!sends.has(l)) issue('warning', pos, `recv_${l} has no matching send_${l} in protocol ${p.name}`);
}
