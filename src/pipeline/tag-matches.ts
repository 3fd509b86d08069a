/**
 * Whether a rule's tags hold `wanted` or a sub-tag of it (`attack.t1569` holds `attack.t1569.002`).
 * Tags compare case-insensitively: a rule may write `attack.T1569.002`, and its findings get that
 * technique's context, so `--technique T1569.002` must select it too.
 */
export function tagMatches(tags: readonly string[], wanted: string): boolean {
  const w = wanted.toLowerCase();
  return tags.some((tag) => {
    const t = tag.toLowerCase();
    return t === w || t.startsWith(`${w}.`);
  });
}

/** The Sigma tag of an ATT&CK technique id: `T1569.002` → `attack.t1569.002`. */
export function techniqueTag(id: string): string {
  return `attack.${id.toLowerCase()}`;
}
