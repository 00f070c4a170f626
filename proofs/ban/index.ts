/**
 * The BAN module's entry points: pick protocols from the corpus (or a file), analyse them, and turn the results
 * into the rows the CLI prints and the report tabulates. See README.md in this folder for the file format.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { ParameterError } from '../../core/errors.js';
import { type Analysis, type GoalResult, type Protocol, analyse } from './engine.js';
import { loadCorpus, resolve } from './corpus.js';
import { BanCorpusError, BanParseError } from './errors.js';
import { MAX_BAN_INPUT, parseProtocolFile } from './parser.js';

export { analyse, renderProof, renderProofLines } from './engine.js';
export { jsonChunks } from './json.js';
export type { Analysis, GoalResult, Protocol, ProofNode } from './engine.js';
export { loadCorpus, buildCorpus, PROTOCOL_DIR } from './corpus.js';
export { parseProtocolFile, MAX_BAN_INPUT, MAX_NESTING } from './parser.js';
export { BanParseError, BanCorpusError } from './errors.js';
export { rules, ruleNames } from './rules.js';

/**
 * The protocols named by `which` ("all", or one protocol's name) from the corpus. A protocol file outside the
 * corpus may be given too; it may be an ablation of a corpus protocol.
 */
/**
 * A file's text, reading at most `cap` + 1 bytes, so that an endless or huge input (`/dev/zero`) is refused with
 * a clear error instead of exhausting memory.
 */
function readBounded(path: string, cap: number): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(cap + 1);
    let n = 0;
    while (n < buf.length) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    if (n > cap) throw new BanParseError(path, 1, 1, `input is over the limit of ${cap} bytes`);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export function selectProtocols(which: string, extraFile?: string): Protocol[] {
  if (extraFile !== undefined) {
    let text: string;
    try {
      text = readBounded(extraFile, MAX_BAN_INPUT);
    } catch (e) {
      if (e instanceof BanParseError) throw e;
      throw new ParameterError(
        `cannot read protocol file '${extraFile}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
      );
    }
    const f = parseProtocolFile(text, extraFile);
    if (!f.ablationOf) return [resolve(f)];
    const base = loadCorpus().find((x) => x.name === f.ablationOf);
    if (!base) throw new BanCorpusError(`${extraFile}: ablation of unknown protocol '${f.ablationOf}'`);
    return [resolve(f, base)];
  }
  const corpus = loadCorpus();
  if (which === 'all') return corpus;
  const p = corpus.find((x) => x.name === which);
  if (!p) throw new ParameterError(`unknown protocol '${which}' (known: all, ${corpus.map((x) => x.name).join(', ')})`);
  return [p];
}

export function analyseAll(protocols: Protocol[]): Analysis[] {
  return protocols.map(analyse);
}

/** One JSON row per goal: the fields the issue asks for, plus the expectation, missing premises and citation. */
export interface BanRow {
  protocol: string;
  goal: string;
  formula: string;
  derived: boolean;
  expected: 'holds' | 'fails';
  asExpected: boolean;
  steps: number;
  proof: GoalResult['proof'];
  missing: string[];
  /** For a goal not derived with no premise suggested: why adding premises cannot derive it. */
  unreachable?: string;
  because?: string;
}

export function rows(analyses: Analysis[]): BanRow[] {
  return analyses.flatMap((a) =>
    a.results.map((r) => ({
      protocol: r.protocol,
      goal: r.goal,
      formula: r.formula,
      derived: r.derived,
      expected: r.expected,
      asExpected: r.derived === (r.expected === 'holds'),
      steps: r.steps,
      proof: r.proof,
      missing: r.missing,
      ...(r.unreachable ? { unreachable: r.unreachable } : {}),
      ...(r.because ? { because: r.because } : {}),
    })),
  );
}
