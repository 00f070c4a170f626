export {
  writeFig4,
  recordFig4,
  loadRecording,
  fig4Models,
  fig4Rows,
  fig4Caption,
  asPredicted,
  Fig4Error,
  RECORDING,
} from './fig4.js';
export type { Fig4Options, Fig4Recording, Fig4Row } from './fig4.js';
