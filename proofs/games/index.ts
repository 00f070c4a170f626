/** The security games' public surface (see README.md). */
export { writeGamesResults, rowsToCsv, CSV_COLUMNS } from './results.js';
export { runGames, selectSchemes, gameSchemes, type RunOptions } from './run.js';
export { playCpa, cpaVariants, type CpaVariant } from './cpa.js';
export { portfolioAdversary } from './adversary.js';
export { AsaSession, playAsa, exfiltrationGame, asaAlgorithms, type AsaAlgorithm } from './asa.js';
export { clopperPearson, wilson, absoluteAdvantage, signedAdvantage } from './stats.js';
export { strawmen } from './strawmen/index.js';
export type { GameRow, Verdict } from './types.js';
