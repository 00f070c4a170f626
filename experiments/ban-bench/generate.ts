/**
 * Synthetic `.ban` protocols for the BAN engine benchmark: one family that grows in the number of messages, one
 * that grows in the nesting depth of a single message. Both use every kind of rule the corpus uses (message meaning
 * under shared keys, signatures and shared secrets, decomposition to components and sub-combinations, freshness,
 * nonce verification, jurisdiction, conjunction), so the measured growth is that of the whole engine, and both end
 * in goals that are derived only if the whole input was analysed.
 */

/**
 * `n` messages, in turn: a shared-key message with a fresh nonce, a key and a sub-combination the goals ask about;
 * a signed one; one combined with a shared secret. B believes every nonce fresh and trusts A on keys.
 */
export function wideProtocol(n: number): string {
  const lines = [
    `protocol wide-${n}`,
    `title "synthetic: ${n} messages"`,
    'source "experiments/ban-bench/generate.ts"',
    'principals A B S',
    'assume B |= A <-Kab-> B',
    'assume B |= ->Ka A',
    'assume B |= A <=Y=> B',
    'assume B |= A => A <-?K-> B',
  ];
  for (let i = 1; i <= n; i++) lines.push(`assume B |= #(N${i})`);
  for (let i = 1; i <= n; i++) {
    const body = `N${i}, X${i}, A <-K${i}-> B`;
    if (i % 3 === 1) lines.push(`message ${i} A -> B: {${body}, {Z${i}}Kas}Kab from A`);
    else if (i % 3 === 2) lines.push(`message ${i} A -> B: {${body}}Ka^-1`);
    else lines.push(`message ${i} A -> B: <${body}>Y`);
  }
  for (const i of [1, 2, 3, n]) {
    lines.push(`goal key-${i} holds: B |= A <-K${i}-> B`);
    lines.push(`goal said-${i} holds: B |= A |= (N${i}, X${i})`);
  }
  return lines.join('\n') + '\n';
}

/**
 * One message nested `depth` levels deep: alternately encrypted under the shared key Kab and signed with A's key,
 * around a fresh nonce and a session key. B peels one layer per round, so the fixpoint takes `depth` rounds.
 */
export function deepProtocol(depth: number): string {
  let body = 'Na, A <-Kn-> B';
  for (let i = 0; i < depth; i++) body = i % 2 === 0 ? `{${body}}Kab from A` : `{${body}}Ka^-1`;
  return [
    `protocol deep-${depth}`,
    `title "synthetic: ${depth} nesting levels"`,
    'source "experiments/ban-bench/generate.ts"',
    'principals A B',
    'assume B |= A <-Kab-> B',
    'assume B |= ->Ka A',
    'assume B |= #(Na)',
    'assume B |= A => A <-?K-> B',
    `message 1 A -> B: ${body}`,
    'goal inner-key holds: B |= A <-Kn-> B',
    'goal inner-said holds: B |= A |= (Na, A <-Kn-> B)',
    '',
  ].join('\n');
}
