export { descriptionToSpdl, exportSpdl, termToSpdl } from './export.js';
export { applyVariant, variantsOf, type Variant } from './ablations.js';
export { ExportError } from './errors.js';
