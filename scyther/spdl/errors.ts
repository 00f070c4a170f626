/** Errors of the SPDL toolchain, each positioned at file:line:column. */
import { MedexError } from '../../core/errors.js';
import type { SpdlPos } from './ast.js';

/** Text that is not SPDL: bad character, unexpected token, unbalanced brace, truncated input, bad include. */
export class SpdlSyntaxError extends MedexError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  constructor(
    pos: SpdlPos,
    readonly detail: string,
  ) {
    super('spdl/syntax', `${pos.file}:${pos.line}:${pos.column}: ${detail}`);
    this.file = pos.file;
    this.line = pos.line;
    this.column = pos.column;
  }
}
