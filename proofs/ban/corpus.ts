/**
 * The corpus of idealized protocols under proofs/ban/protocols/: one `.ban` file per protocol. A file marked
 * `ablation-of BASE` is a variant of BASE: it inherits BASE's principals, assumptions, messages and goals, then
 * replaces messages with the same label, removes terms (`drop`), strips signatures (`unsign K`: {X}K^-1 becomes X),
 * removes assumptions (`retract`), adds its own, and states the verdict it expects for inherited goals (`expect`).
 * Deriving ablations from their base keeps them in step with it: changing the base changes every ablation.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Goal, Message, Protocol } from './engine.js';
import { BanCorpusError, BanParseError } from './errors.js';
import { type ProtocolFile, parseProtocolFile } from './parser.js';
import { type Term, enc, eq, show, tuple } from './terms.js';

export const PROTOCOL_DIR = join(dirname(fileURLToPath(import.meta.url)), 'protocols');

/** Removes every occurrence of `d` from `t`; null when nothing is left. */
export function dropTerm(t: Term, d: Term): Term | null {
  if (eq(t, d)) return null;
  switch (t.k) {
    case 'tuple': {
      const items = t.items.map((i) => dropTerm(i, d)).filter((i): i is Term => i !== null);
      return items.length === 0 ? null : tuple(items);
    }
    case 'enc': {
      const body = dropTerm(t.body, d);
      return body === null ? null : enc(body, t.key, t.from);
    }
    case 'comb': {
      const body = dropTerm(t.body, d);
      return body === null ? null : { k: 'comb', body, secret: t.secret };
    }
    default:
      return t;
  }
}

/** Replaces every signature {X}K^-1 by its body X (the signature is gone, the content still travels). */
export function unsignTerm(t: Term, key: Term): Term {
  switch (t.k) {
    case 'tuple':
      return tuple(t.items.map((i) => unsignTerm(i, key)));
    case 'enc': {
      const body = unsignTerm(t.body, key);
      return t.key.k === 'inv' && eq(t.key.key, key) ? body : enc(body, t.key, t.from);
    }
    case 'comb':
      return { k: 'comb', body: unsignTerm(t.body, key), secret: t.secret };
    default:
      return t;
  }
}

/** Builds a protocol from a parsed file; an ablation needs its base protocol. */
export function resolve(f: ProtocolFile, base?: Protocol): Protocol {
  const notes = [...f.notes];
  if (!f.ablationOf) {
    return {
      name: f.name,
      title: f.title,
      source: f.source,
      notes,
      principals: f.principals,
      assumptions: f.assumptions,
      messages: f.messages,
      goals: f.goals,
      file: f.file,
    };
  }
  if (!base || base.name !== f.ablationOf)
    throw new BanCorpusError(`${f.file}: ablation of unknown protocol '${f.ablationOf}'`);
  const err = (pos: { line: number; col: number }, msg: string) => new BanParseError(f.file, pos.line, pos.col, msg);

  const principals = [...base.principals];
  for (const p of f.principals) if (!principals.some((q) => eq(p, q))) principals.push(p);

  let assumptions = [...base.assumptions];
  for (const r of f.retracts) {
    const before = assumptions.length;
    assumptions = assumptions.filter((a) => !eq(a.formula, r.formula));
    if (assumptions.length === before)
      throw err(r.pos, `retract: '${show(r.formula)}' is not an assumption of '${base.name}'`);
  }
  assumptions.push(...f.assumptions);

  let messages: Message[] = base.messages.map((m) => f.messages.find((o) => o.label === m.label) ?? m);
  messages.push(...f.messages.filter((o) => !base.messages.some((m) => m.label === o.label)));
  for (const d of f.drops) {
    let hit = false;
    messages = messages.flatMap((m) => {
      const body = dropTerm(m.body, d.term);
      if (body === null || show(body) !== show(m.body)) hit = true;
      return body === null ? [] : [{ ...m, body }];
    });
    if (!hit) throw err(d.pos, `drop: '${show(d.term)}' occurs in no message of '${base.name}'`);
  }
  for (const u of f.unsigns) {
    let hit = false;
    messages = messages.map((m) => {
      const body = unsignTerm(m.body, u.key);
      if (show(body) !== show(m.body)) hit = true;
      return { ...m, body };
    });
    if (!hit) throw err(u.pos, `unsign: no message is signed with '${show(u.key)}^-1'`);
  }

  const goals: Goal[] = base.goals.map((g) => {
    const e = f.expects.find((x) => x.name === g.name);
    if (!e) return g;
    return { ...g, expect: e.expect, ...(e.because ? { because: e.because } : {}) };
  });
  for (const e of f.expects)
    if (!base.goals.some((g) => g.name === e.name)) throw err(e.pos, `expect: '${base.name}' has no goal '${e.name}'`);
  goals.push(...f.goals);

  return {
    name: f.name,
    title: f.title,
    source: f.source,
    notes,
    principals,
    assumptions,
    messages,
    goals,
    ablationOf: base.name,
    file: f.file,
  };
}

/** Parses a set of files (name -> text) and resolves ablations against their bases. */
export function buildCorpus(files: { file: string; text: string }[]): Protocol[] {
  const parsed = files.map((x) => parseProtocolFile(x.text, x.file));
  const byName = new Map<string, ProtocolFile>();
  for (const p of parsed) {
    if (byName.has(p.name))
      throw new BanCorpusError(`protocol '${p.name}' is defined twice (${byName.get(p.name)!.file}, ${p.file})`);
    byName.set(p.name, p);
  }
  const done = new Map<string, Protocol>();
  const build = (p: ProtocolFile, chain: string[]): Protocol => {
    const got = done.get(p.name);
    if (got) return got;
    if (chain.includes(p.name)) throw new BanCorpusError(`ablation cycle: ${[...chain, p.name].join(' -> ')}`);
    let base: Protocol | undefined;
    if (p.ablationOf) {
      const b = byName.get(p.ablationOf);
      if (!b) throw new BanCorpusError(`${p.file}: ablation of unknown protocol '${p.ablationOf}'`);
      base = build(b, [...chain, p.name]);
    }
    const r = resolve(p, base);
    done.set(p.name, r);
    return r;
  };
  return parsed.map((p) => build(p, []));
}

/** The whole corpus: protocols by name, each base followed by its ablations. */
export function loadCorpus(dir = PROTOCOL_DIR): Protocol[] {
  const names = readdirSync(dir)
    .filter((n) => n.endsWith('.ban'))
    .sort();
  const corpus = buildCorpus(names.map((n) => ({ file: join(dir, n), text: readFileSync(join(dir, n), 'utf8') })));
  // Each base protocol first, followed by its ablations and variants.
  const family = (p: Protocol) => p.ablationOf ?? p.name;
  return corpus.sort((a, b) =>
    family(a) !== family(b)
      ? family(a) < family(b)
        ? -1
        : 1
      : a.ablationOf === b.ablationOf
        ? a.name < b.name
          ? -1
          : 1
        : a.ablationOf
          ? 1
          : -1,
  );
}
