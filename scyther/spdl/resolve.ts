/**
 * What Scyther does to a parsed model before compiling it, kept out of the parser so that the tree still prints
 * back to its source: includes are spliced in (scanner.l) and macros are substituted (parser.y `basicormacro`: an
 * identifier naming a macro is replaced by a copy of its definition, a term list being one tuple; a later
 * definition of the same name replaces the earlier one from that point on).
 */
import type { SpdlFile, SpdlProtocol, SpdlRole, SpdlRoleItem, SpdlTerm, SpdlTopItem } from './ast.js';

import { flattenIncludes } from './check.js';

type Macros = Map<string, SpdlTerm>;

function subst(t: SpdlTerm, m: Macros): SpdlTerm {
  switch (t.kind) {
    case 'id':
      return m.get(t.name) ?? t;
    case 'app':
      return { ...t, args: t.args.map((x) => subst(x, m)) };
    case 'enc':
      return { ...t, body: t.body.map((x) => subst(x, m)), key: subst(t.key, m) };
    case 'tuple':
      return { ...t, items: t.items.map((x) => subst(x, m)) };
  }
}

const many = (ts: SpdlTerm[], m: Macros): SpdlTerm[] => ts.map((x) => subst(x, m));

function define(m: Macros, name: string, value: SpdlTerm[]): void {
  const body = many(value, m);
  m.set(name, body.length === 1 ? body[0]! : { kind: 'tuple', items: body, pos: body[0]!.pos });
}

function roleItem(it: SpdlRoleItem, m: Macros): SpdlRoleItem | undefined {
  switch (it.kind) {
    case 'send':
    case 'recv':
      return { ...it, from: subst(it.from, m), to: subst(it.to, m), message: many(it.message, m) };
    case 'claim':
      return { ...it, agent: subst(it.agent, m), params: many(it.params, m) };
    case 'match':
      return { ...it, pattern: subst(it.pattern, m), value: subst(it.value, m) };
    case 'knows':
      return { ...it, terms: many(it.terms, m) };
    case 'macro':
      define(m, it.name, it.value);
      return undefined;
    case 'inversekeys':
      return { ...it, a: subst(it.a, m), b: subst(it.b, m) };
    case 'compromised':
      return { ...it, terms: many(it.terms, m) };
    default:
      return it;
  }
}

/** The file's top-level items with includes spliced in and every macro use replaced by its definition. */
export function resolveSpdl(f: SpdlFile): SpdlTopItem[] {
  const m: Macros = new Map();
  const out: SpdlTopItem[] = [];
  for (const it of flattenIncludes(f)) {
    if (it.kind === 'macro') {
      define(m, it.name, it.value);
      continue;
    }
    if (it.kind === 'protocol') {
      const items: SpdlProtocol['items'] = [];
      for (const x of it.items) {
        if (x.kind === 'role') {
          const ri: SpdlRoleItem[] = [];
          for (const y of x.items) {
            const r = roleItem(y, m);
            if (r) ri.push(r);
          }
          items.push({ ...x, items: ri } as SpdlRole);
        } else {
          const r = roleItem(x, m);
          if (r) items.push(r as SpdlProtocol['items'][number]);
        }
      }
      out.push({ ...it, params: many(it.params, m), items });
      continue;
    }
    if (it.kind === 'untrusted' || it.kind === 'run') {
      out.push(it.kind === 'untrusted' ? { ...it, terms: many(it.terms, m) } : { ...it, args: many(it.args, m) });
      continue;
    }
    const r = it.kind === 'inversekeys' || it.kind === 'compromised' ? roleItem(it, m) : it;
    if (r) out.push(r as SpdlTopItem);
  }
  return out;
}
