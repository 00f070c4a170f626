import { MedexError } from '../../core/errors.js';

/** A protocol description that cannot be written as SPDL (bad name, unknown role, unknown variant). */
export class ExportError extends MedexError {
  constructor(detail: string) {
    super('spdl/export', detail);
  }
}
