/**
 * `medexchain ban --protocol NAME|all [--file PATH] [--json] [--proof]`: derive BAN logic proofs for the corpus of
 * idealized protocols (proofs/ban/protocols) or for one protocol file. Exit code 0 when every goal's verdict is the
 * one its file expects (published failures included), 1 when any verdict differs, 2 on bad usage. A protocol file
 * with an error is refused with its file, line and column (exit 1).
 */
import { once } from 'node:events';
import { defineCommand, opt } from '../args.js';

export const command = defineCommand({
  name: 'ban',
  summary: 'derive BAN logic proofs',
  details:
    "Exit 0 when every goal's verdict is the one its file expects (published failures included), 1 when any\n" +
    'verdict differs, 2 on bad usage. A protocol file with an error is refused with its file, line and column.',
  options: {
    protocol: opt.string('a protocol of proofs/ban/protocols, or all', { default: 'all', value: 'NAME' }),
    file: opt.string('analyse a .ban file instead (it may be an ablation of a corpus protocol)', { value: 'PATH' }),
    proof: opt.flag('print proof trees, and the closest missing premises of goals not derived'),
    json: opt.json,
  },
  examples: ['medexchain ban --protocol all', 'medexchain ban --protocol andrew-secure-rpc --proof'],
  async run(o) {
    const { analyseAll, renderProofLines, rows, selectProtocols, jsonChunks } =
      await import('../../proofs/ban/index.js');
    // Written in pieces: a deep protocol's proofs do not fit one string (nor JSON.stringify's recursion).
    const write = async (s: string) => {
      if (!process.stdout.write(s)) await once(process.stdout, 'drain');
    };
    const which = o.protocol;
    const analyses = analyseAll(selectProtocols(which, o.file));
    const out = rows(analyses);
    const ok = out.every((r) => r.asExpected);
    if (o.json) {
      for (const chunk of jsonChunks(out)) await write(chunk);
      await write('\n');
      return ok ? 0 : 1;
    }
    const lines: string[] = [];
    for (const a of analyses) {
      const pr = a.protocol;
      lines.push(`${pr.name}: ${pr.title}${pr.ablationOf ? ` (ablation of ${pr.ablationOf})` : ''}`);
      lines.push(`  source: ${pr.source}`);
      const w = Math.max(...a.results.map((r) => r.goal.length));
      for (const r of a.results) {
        const verdict = r.derived ? `derived (${r.steps} steps)` : 'not derived';
        const mark = r.derived === (r.expected === 'holds') ? 'as expected' : `UNEXPECTED: expected ${r.expected}`;
        lines.push(`  ${r.goal.padEnd(w)}  ${r.formula}`);
        lines.push(`  ${' '.repeat(w)}  ${verdict}; ${mark}`);
        if (o.proof) {
          if (r.proof) lines.push(...renderProofLines(r.proof, ' '.repeat(w + 6)));
          else if (r.missing.length > 0)
            lines.push(`${' '.repeat(w + 6)}closest missing premises: ${r.missing.join('; ')}`);
          else lines.push(`${' '.repeat(w + 6)}no premise derives it: ${r.unreachable ?? 'none found'}`);
        }
      }
      for (const w of a.warnings) lines.push(`  idealization warning: ${w}`);
      lines.push('');
    }
    const bad = out.filter((r) => !r.asExpected);
    lines.push(
      `${analyses.length} protocols, ${out.length} goals: ${out.filter((r) => r.derived).length} derived, ` +
        `${out.filter((r) => !r.derived).length} not derived; ${bad.length === 0 ? 'every verdict as expected' : `${bad.length} verdicts differ from the expected`}`,
    );
    let batch: string[] = [];
    for (const line of lines) {
      batch.push(line);
      if (batch.length >= 1000) {
        await write(batch.join('\n') + '\n');
        batch = [];
      }
    }
    await write(batch.map((l) => `${l}\n`).join(''));
    return ok ? 0 : 1;
  },
});
