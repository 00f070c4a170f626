/** Test helpers: a protocol from a few lines of the .ban format, with the boilerplate header filled in. */
import { parseProtocolFile } from '../parser.js';
import { resolve } from '../corpus.js';
import type { Protocol } from '../engine.js';

export function proto(body: string, principals = 'P Q A B S'): Protocol {
  const text = `protocol t\ntitle "test"\nsource "test"\nprincipals ${principals}\n${body}\n`;
  return resolve(parseProtocolFile(text, 'test.ban'));
}
