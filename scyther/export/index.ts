export { descriptionToSpdl, exportSpdl, termToSpdl } from './export.js';
export { applyVariant, capabilityBinding, variantsOf, type Variant } from './ablations.js';
export { ExportError } from './errors.js';
