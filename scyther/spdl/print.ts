/**
 * Prints an SPDL tree back to SPDL text that Scyther reads. Layout is fixed (two-space indents, one event per
 * line); comments are not kept. `parseSpdl(printSpdl(t))` equals `t` up to positions (checked by a property test).
 */
import type { SpdlDeclaration, SpdlEvent, SpdlFile, SpdlRole, SpdlRoleItem, SpdlTerm, SpdlTopItem } from './ast.js';

export function printTerm(t: SpdlTerm): string {
  switch (t.kind) {
    case 'id':
      return t.name;
    case 'app':
      return `${t.fn}(${printTerms(t.args)})`;
    case 'enc':
      return `{${printTerms(t.body)}}${printTerm(t.key)}`;
    case 'tuple':
      return `(${printTerms(t.items)})`;
  }
}

export function printTerms(ts: SpdlTerm[]): string {
  return ts.map(printTerm).join(', ');
}

export function printEvent(e: SpdlEvent): string {
  switch (e.kind) {
    case 'send':
    case 'recv':
      return `${e.keyword}_${e.label}(${printTerms([e.from, e.to, ...e.message])});`;
    case 'claim':
      return `claim${e.label === undefined ? '' : '_' + e.label}(${[printTerm(e.agent), e.claim, ...e.params.map(printTerm)].join(', ')});`;
    case 'match':
      return `${e.negated ? 'not ' : ''}match(${printTerm(e.pattern)}, ${printTerm(e.value)});`;
  }
}

export function printDeclaration(d: SpdlDeclaration): string {
  const sec = (s: boolean): string => (s ? 'secret ' : '');
  const ty = (t?: string): string => (t === undefined ? '' : `: ${t}`);
  switch (d.kind) {
    case 'const':
      return `${sec(d.secret)}const ${d.names.join(', ')}${ty(d.type)};`;
    case 'fresh':
      return `fresh ${d.names.join(', ')}${ty(d.type)};`;
    case 'var':
      return `${sec(d.secret)}var ${d.names.join(', ')}${d.types.length ? ': ' + d.types.join(', ') : ''};`;
    case 'secret':
      return `secret ${d.names.join(', ')}${ty(d.type)};`;
    case 'inversekeys':
      return `${d.functions ? 'inversekeyfunctions' : 'inversekeys'}(${printTerm(d.a)}, ${printTerm(d.b)});`;
    case 'compromised':
      return `compromised ${printTerms(d.terms)};`;
    case 'hashfunction':
      return `${sec(d.secret)}${d.keyword} ${d.names.join(', ')};`;
    case 'macro':
      return `macro ${d.name} = ${printTerms(d.value)};`;
  }
}

export function isEvent(it: SpdlRoleItem): it is SpdlEvent {
  return it.kind === 'send' || it.kind === 'recv' || it.kind === 'claim' || it.kind === 'match';
}

function printRoleItem(it: SpdlRoleItem): string {
  if (it.kind === 'knows') return `knows ${printTerms(it.terms)};`;
  return isEvent(it) ? printEvent(it) : printDeclaration(it);
}

export function printRole(r: SpdlRole, indent = ''): string {
  const inner = indent + '  ';
  return [
    `${indent}${r.singular ? 'singular ' : ''}role ${r.name}`,
    `${indent}{`,
    ...r.items.map((it) => inner + printRoleItem(it)),
    `${indent}}`,
  ].join('\n');
}

export function printTopItem(it: SpdlTopItem): string {
  switch (it.kind) {
    case 'protocol':
      return [
        `protocol ${it.name}(${printTerms(it.params)})`,
        '{',
        ...it.items.map((x) => (x.kind === 'role' ? printRole(x, '  ') : '  ' + printDeclaration(x))),
        '}',
      ].join('\n');
    case 'usertype':
      return `usertype ${it.names.join(', ')};`;
    case 'untrusted':
      return `untrusted ${printTerms(it.terms)};`;
    case 'run':
      return `run ${it.protocol}.${it.role}(${printTerms(it.args)});`;
    case 'option':
      return `option "${it.text}";`;
    case 'include':
      return it.hash ? `#include "${it.path}"` : `include "${it.path}";`;
    default:
      return printDeclaration(it);
  }
}

/** The whole file; `header` lines are written first as `//` comments. */
export function printSpdl(f: SpdlFile, header: string[] = []): string {
  const head = header.map((l) => `// ${l}`.trimEnd());
  const body = f.items.map((it) => printTopItem(it) + (it.kind === 'protocol' ? '\n' : ''));
  return [...head, ...(head.length ? [''] : []), ...body].join('\n').trimEnd() + '\n';
}
