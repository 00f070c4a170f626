/**
 * Everything the BAN engine outputs for a set of protocols, as one JSON document: each protocol's facts in the
 * order they were derived with their justifications, its goal results (proofs and missing premises included) and
 * its warnings. Run before and after a change to the engine and diff the two files: a refactoring that claims to
 * change nothing must leave them byte-identical.
 *
 *   npx tsx experiments/ban-bench/run.ts snapshot OUT.json
 */
import { writeFileSync } from 'node:fs';
import { analyse, loadCorpus, parseProtocolFile } from '../../proofs/ban/index.js';
import { resolve } from '../../proofs/ban/corpus.js';
import { deepProtocol, wideProtocol } from './generate.js';

export function writeSnapshot(out: string): void {
  const protocols = [
    ...loadCorpus(),
    ...[10, 31].map((n) => resolve(parseProtocolFile(wideProtocol(n), `wide-${n}`))),
    ...[6, 25].map((d) => resolve(parseProtocolFile(deepProtocol(d), `deep-${d}`))),
  ];
  const doc = protocols.map((p) => {
    const a = analyse(p);
    return {
      protocol: p.name,
      rounds: a.rounds,
      facts: [...a.facts.entries()].map(([k, f]) => [k, f.why.rule, ...f.why.premises]),
      results: a.results,
      warnings: a.warnings,
    };
  });
  writeFileSync(out, JSON.stringify(doc, null, 1) + '\n');
}
