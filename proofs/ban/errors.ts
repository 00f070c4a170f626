/**
 * Errors of the BAN module. A protocol file that cannot be read is refused with the file, line and column of the
 * first problem; nothing is analysed from a file that failed to parse.
 */
import { MedexError } from '../../core/errors.js';

/** A protocol description has a syntax or consistency error at a known position (1-based line and column). */
export class BanParseError extends MedexError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly col: number,
    readonly detail: string,
  ) {
    super('ban/parse', `${file}:${line}:${col}: ${detail}`);
  }
}

/** A protocol name that is not in the corpus, or a corpus that is inconsistent (e.g. an ablation of nothing). */
export class BanCorpusError extends MedexError {
  constructor(detail: string) {
    super('ban/corpus', detail);
  }
}
