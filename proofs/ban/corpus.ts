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

/** The parts of a message an ablation rewrites: a combination's items, and the body of a ciphertext or combination. */
function bodies(t: Term): readonly Term[] {
  return t.k === 'tuple' ? t.items : t.k === 'enc' || t.k === 'comb' ? [t.body] : [];
}

/**
 * Rewrites a message bottom-up along its bodies, from an explicit stack (a message may be nested thousands of
 * levels deep). `leaf` gives the result of a term outright (undefined: rewrite its bodies first); `node` rebuilds a
 * term from its rewritten bodies (null: the part is gone).
 */
function rewrite(
  t: Term,
  leaf: (x: Term) => Term | null | undefined,
  node: (x: Term, parts: (Term | null)[]) => Term | null,
): Term | null {
  const done = new Map<Term, Term | null>();
  const stack: { t: Term; ready: boolean }[] = [{ t, ready: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (done.has(top.t)) continue;
    if (top.ready) {
      done.set(
        top.t,
        node(
          top.t,
          bodies(top.t).map((x) => done.get(x)!),
        ),
      );
      continue;
    }
    const outright = leaf(top.t);
    // A term with no bodies to rewrite is kept as it is unless `leaf` says otherwise.
    const r = outright === undefined && bodies(top.t).length === 0 ? top.t : outright;
    if (r !== undefined) {
      done.set(top.t, r);
      continue;
    }
    stack.push({ t: top.t, ready: true });
    for (const x of bodies(top.t)) if (!done.has(x)) stack.push({ t: x, ready: false });
  }
  return done.get(t)!;
}

/** Removes every occurrence of `d` from `t`; null when nothing is left. */
export function dropTerm(t: Term, d: Term): Term | null {
  return rewrite(
    t,
    (x) => (eq(x, d) ? null : undefined),
    (x, parts) => {
      if (x.k === 'tuple') {
        const items = parts.filter((i): i is Term => i !== null);
        return items.length === 0 ? null : tuple(items);
      }
      const body = parts[0] ?? null;
      if (body === null) return null;
      if (x.k === 'enc') return enc(body, x.key, x.from);
      return { k: 'comb', body, secret: (x as Extract<Term, { k: 'comb' }>).secret };
    },
  );
}

/** Replaces every signature {X}K^-1 by its body X (the signature is gone, the content still travels). */
export function unsignTerm(t: Term, key: Term): Term {
  return rewrite(
    t,
    () => undefined,
    (x, parts) => {
      if (x.k === 'tuple') return tuple(parts as Term[]);
      const body = parts[0]!;
      if (x.k === 'enc') return x.key.k === 'inv' && eq(x.key.key, key) ? body : enc(body, x.key, x.from);
      return { k: 'comb', body, secret: (x as Extract<Term, { k: 'comb' }>).secret };
    },
  )!;
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
