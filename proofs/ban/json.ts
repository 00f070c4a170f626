/**
 * JSON text of a value in pieces, the same text as `JSON.stringify(value, null, 2)` but produced from an explicit
 * stack: a proof tree is as deep as the protocol's nesting, and V8's JSON.stringify overflows the call stack at a
 * few thousand levels. The pieces come in batches of about a megabyte, so that output larger than the longest
 * string V8 can hold can still be written (the caller waits for the stream between batches).
 */
type Item = string | { v: unknown; indent: string };

const BATCH = 1 << 20;

export function* jsonChunks(value: unknown): Generator<string> {
  let buffered: string[] = [];
  let size = 0;
  const out = (s: string) => {
    buffered.push(s);
    size += s.length;
  };
  const stack: Item[] = [{ v: value, indent: '' }];
  while (stack.length > 0) {
    if (size >= BATCH) {
      yield buffered.join('');
      buffered = [];
      size = 0;
    }
    const item = stack.pop()!;
    if (typeof item === 'string') {
      out(item);
      continue;
    }
    const { v, indent } = item;
    if (v === null || typeof v !== 'object') {
      out(JSON.stringify(v) ?? 'null');
      continue;
    }
    const inner = `${indent}  `;
    const parts: Item[] = [];
    if (Array.isArray(v)) {
      if (v.length === 0) {
        out('[]');
        continue;
      }
      parts.push(`[\n${inner}`);
      v.forEach((x: unknown, i) => {
        if (i > 0) parts.push(`,\n${inner}`);
        // As JSON.stringify: an array slot that has no JSON form is null.
        parts.push({ v: x === undefined || typeof x === 'function' ? null : x, indent: inner });
      });
      parts.push(`\n${indent}]`);
    } else {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o).filter((k) => o[k] !== undefined && typeof o[k] !== 'function');
      if (keys.length === 0) {
        out('{}');
        continue;
      }
      parts.push(`{\n${inner}`);
      keys.forEach((k, i) => {
        if (i > 0) parts.push(`,\n${inner}`);
        parts.push(`${JSON.stringify(k)}: `, { v: o[k], indent: inner });
      });
      parts.push(`\n${indent}}`);
    }
    for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]!);
  }
  if (buffered.length > 0) yield buffered.join('');
}
