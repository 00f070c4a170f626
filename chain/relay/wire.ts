/**
 * The relay's messages are written with the project's one codec (core/wire.ts); this file only fixes the relay's
 * framing: a tag byte then a version byte open every message, and a string field is non-empty unless a call says
 * otherwise.
 */
import { Reader as CoreReader } from '../../core/wire.js';

export { Writer } from '../../core/wire.js';

export const WIRE_VERSION = 1;

export class Reader extends CoreReader {
  override str(max: number, field: string, min = 1): string {
    return super.str(max, field, min);
  }

  /** Checks the tag and version bytes that open every message. */
  override header(tag: number): void {
    this.expect(tag, 'tag');
    this.expect(WIRE_VERSION, 'version');
  }
}
