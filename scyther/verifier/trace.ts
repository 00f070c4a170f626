/**
 * Attack traces of the built-in verifier as data (JSON), text and an SVG message-sequence chart drawn directly
 * (no Graphviz): one lifeline per run, the replayed events top to bottom, an arrow from each send to the receive
 * it feeds when the message is delivered unchanged, and the intruder's derivations listed under the chart.
 */
import type { Model } from './model.js';
import type { ReplayResult } from './replay.js';
import type { AttackPattern } from './attack.js';
import { K, type TermTable } from './terms.js';

export interface AttackTrace {
  claim: { protocol: string; role: string; type: string; label: string; param: string };
  runs: { id: number; protocol: string; role: string; agents: Record<string, string>; helper: boolean }[];
  /** Events in replayed order, up to and including the claim. */
  events: {
    run: number;
    index: number;
    kind: string;
    label: string;
    from?: string;
    to?: string;
    message?: string;
    claim?: string;
  }[];
  /** What the intruder had to derive, and how the search obtained it. */
  intruder: { term: string; beforeRun: number; beforeEvent: number; how: string }[];
  /** The values the intruder chose for free variables. */
  choices: { variable: string; value: string }[];
}

/** Print a term in SPDL-like notation: f(x) for function symbols, {m}k for encryption, run-tagged fresh values. */
export function showTerm(T: TermTable, t: number): string {
  if (t < 0) return '-';
  switch (T.kind[t]) {
    case K.Const: {
      const s = T.sym(t);
      return s.run >= 0 ? `${s.name}#${s.run}` : s.name;
    }
    case K.Var:
      return `V${T.a[t]}`;
    case K.Tup:
      return `(${tupleItems(T, t)
        .map((x) => showTerm(T, x))
        .join(',')})`;
    case K.Enc: {
      const key = T.b[t]!;
      const body =
        T.kind[T.a[t]!] === K.Tup
          ? tupleItems(T, T.a[t]!)
              .map((x) => showTerm(T, x))
              .join(',')
          : showTerm(T, T.a[t]!);
      if (T.kind[key] === K.Const && T.sym(key).types.includes('Function')) return `${T.sym(key).name}(${body})`;
      return `{${body}}${showTerm(T, key)}`;
    }
    default:
      return `slot${T.a[t]}`;
  }
}

function tupleItems(T: TermTable, t: number): number[] {
  const out: number[] = [];
  while (T.kind[t] === K.Tup) {
    out.push(T.a[t]!);
    t = T.b[t]!;
  }
  out.push(t);
  return out;
}

export function attackTrace(model: Model, p: AttackPattern, replay: ReplayResult): AttackTrace {
  const T = model.table;
  const g = (t: number): string => {
    if (t < 0) return '-';
    const sub = (x: number): number => {
      const k = T.kind[x];
      if (k === K.Var) return replay.grounding.get(x) ?? x;
      if (k === K.Tup) return T.tup(sub(T.a[x]!), sub(T.b[x]!));
      if (k === K.Enc) return T.enc(sub(T.a[x]!), sub(T.b[x]!));
      return x;
    };
    return showTerm(T, sub(t));
  };
  return {
    claim: {
      protocol: p.claim.role.protocol.name,
      role: p.claim.role.name,
      type: p.claim.type,
      label: p.claim.label,
      param: p.claim.param,
    },
    runs: p.runs.map((r, id) => ({
      id,
      protocol: r.protocol,
      role: r.role,
      helper: r.helper,
      agents: Object.fromEntries(r.rho.map(([n, a]) => [n, g(a)])),
    })),
    events: replay.order.map(([run, index]) => {
      const e = p.runs[run]!.events[index]!;
      const base = { run, index, kind: e.kind, label: e.label.replace(/^[^:]*:/, '') };
      if (e.kind === 'claim') return { ...base, claim: e.claimType!, message: g(e.msg) };
      if (e.kind === 'match' || e.kind === 'notmatch') return { ...base, message: `${g(e.from)} = ${g(e.msg)}` };
      if (e.kind === 'intruder') {
        const made = p.derivations.filter((d) => d.srcRun === run && d.how !== 'reused');
        return { ...base, message: made.map((d) => `${g(d.term)} (${d.how})`).join('; ') };
      }
      return { ...base, from: g(e.from), to: g(e.to), message: g(e.msg) };
    }),
    intruder: p.derivations.map((d) => ({ term: g(d.term), beforeRun: d.run, beforeEvent: d.ev, how: d.how })),
    choices: [...replay.grounding].map(([v, c]) => ({ variable: showTerm(T, v), value: showTerm(T, c) })),
  };
}

export function renderTraceText(t: AttackTrace): string {
  const lines = [`Attack on ${t.claim.protocol} ${t.claim.role} ${t.claim.type}_${t.claim.label} ${t.claim.param}`];
  for (const r of t.runs.filter((x) => x.protocol !== '#intruder'))
    lines.push(
      `  run ${r.id}: ${r.protocol}.${r.role}${r.helper ? ' (helper)' : ''}  ${Object.entries(r.agents)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
  lines.push('  trace:');
  for (const e of t.events) {
    const what =
      e.kind === 'claim'
        ? `claim ${e.claim} ${e.message}`
        : e.kind === 'intruder'
          ? `intruder derives ${e.message}`
          : e.kind === 'send' || e.kind === 'recv'
            ? `${e.kind}_${e.label}(${e.from},${e.to}, ${e.message})`
            : `${e.kind} ${e.message}`;
    lines.push(e.kind === 'intruder' ? `    [intruder] ${what}` : `    [run ${e.run}] ${what}`);
  }
  if (t.choices.length) lines.push(`  intruder chose: ${t.choices.map((c) => `${c.variable}=${c.value}`).join(', ')}`);
  lines.push('  intruder derivations:');
  for (const d of t.intruder) lines.push(`    ${d.term}  (before run ${d.beforeRun} event ${d.beforeEvent}): ${d.how}`);
  return lines.join('\n');
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A message-sequence chart as a standalone SVG document. */
export function renderTraceSvg(t: AttackTrace): string {
  const colW = 260;
  const rowH = 34;
  const top = 80;
  // One lifeline per regular run, and one shared lifeline for all intruder derivation steps.
  const regular = t.runs.filter((r) => r.protocol !== '#intruder');
  const hasIntruder = regular.length < t.runs.length;
  const column = new Map<number, number>(regular.map((r, i) => [r.id, i]));
  for (const r of t.runs) if (!column.has(r.id)) column.set(r.id, regular.length);
  const columns = regular.length + (hasIntruder ? 1 : 0);
  const width = Math.max(1, columns) * colW + 40;
  const height = top + t.events.length * rowH + 40 + t.intruder.length * 16 + 30;
  const x = (run: number): number => 20 + column.get(run)! * colW + colW / 2;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="monospace" font-size="11">`,
    `<text x="20" y="20" font-size="14">${esc(`Attack: ${t.claim.protocol} ${t.claim.role} ${t.claim.type}_${t.claim.label} ${t.claim.param}`)}</text>`,
  ];
  const heads = [
    ...regular.map((r) => ({
      id: r.id,
      title: `run ${r.id}: ${r.role}${r.helper ? ' (helper)' : ''}`,
      sub: Object.entries(r.agents)
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
    })),
  ];
  if (hasIntruder)
    heads.push({ id: t.runs.find((r) => r.protocol === '#intruder')!.id, title: 'intruder', sub: 'derivation steps' });
  for (const r of heads) {
    const cx = x(r.id);
    out.push(`<rect x="${cx - colW / 2 + 10}" y="34" width="${colW - 20}" height="34" fill="#eef" stroke="#336"/>`);
    out.push(`<text x="${cx}" y="48" text-anchor="middle">${esc(r.title)}</text>`);
    out.push(`<text x="${cx}" y="62" text-anchor="middle">${esc(r.sub)}</text>`);
    out.push(
      `<line x1="${cx}" y1="68" x2="${cx}" y2="${top + t.events.length * rowH}" stroke="#999" stroke-dasharray="4 3"/>`,
    );
  }
  const sendRow = new Map<string, number>();
  t.events.forEach((e, i) => {
    const y = top + i * rowH + rowH / 2;
    const cx = x(e.run);
    const label =
      e.kind === 'claim'
        ? `claim ${e.claim}`
        : e.kind === 'intruder'
          ? `derives ${e.message ?? ''}`
          : `${e.kind}_${e.label} ${e.message ?? ''}`;
    const fill = e.kind === 'claim' ? '#fdd' : e.kind === 'send' ? '#dfd' : e.kind === 'intruder' ? '#ffe' : '#fff';
    out.push(
      `<rect x="${cx - colW / 2 + 14}" y="${y - 11}" width="${colW - 28}" height="22" fill="${fill}" stroke="#333"/>`,
    );
    out.push(
      `<text x="${cx}" y="${y + 4}" text-anchor="middle">${esc(label.length > 40 ? label.slice(0, 39) + '…' : label)}</text>`,
    );
    if (e.kind === 'send') sendRow.set(`${e.label}|${e.message}`, i);
    if (e.kind === 'recv') {
      const j = sendRow.get(`${e.label}|${e.message}`);
      if (j !== undefined) {
        const from = t.events[j]!;
        const y0 = top + j * rowH + rowH / 2;
        out.push(`<line x1="${x(from.run)}" y1="${y0}" x2="${cx}" y2="${y - 11}" stroke="#060" marker-end="url(#a)"/>`);
      } else {
        out.push(`<text x="${cx - colW / 2 + 14}" y="${y - 13}" fill="#a00">intruder</text>`);
      }
    }
  });
  out.push(
    `<defs><marker id="a" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#060"/></marker></defs>`,
  );
  let y = top + t.events.length * rowH + 30;
  out.push(`<text x="20" y="${y}">intruder derivations:</text>`);
  for (const d of t.intruder) {
    y += 16;
    out.push(`<text x="30" y="${y}">${esc(`${d.term}: ${d.how}`)}</text>`);
  }
  out.push('</svg>');
  return out.join('\n');
}
