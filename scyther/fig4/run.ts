/**
 * Re-runs real Scyther on every Fig. 4 model, records the run (scyther/fig4/recorded.json) and writes its data:
 *   SCYTHER_BIN=/path/to/scyther-linux npx tsx scyther/fig4/run.ts [OUT_DIR=results/fig4]
 * `npx medexchain reproduce` then draws the figure from the recording (experiments/figures/fig4.ts).
 */
import { recordFig4, writeFig4 } from './fig4.js';

const out = process.argv[2] ?? 'results/fig4';
await recordFig4({ log: (s) => process.stderr.write(s + '\n') });
const r = await writeFig4(out);
process.stdout.write(JSON.stringify(r, null, 2) + '\n');
