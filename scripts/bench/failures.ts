/** Failures counted by figure and answer status ("opening cases 429 ×26668"), for the summary line. */
export function failureKinds(all: string[]): string {
  const kinds = new Map<string, number>();
  for (const f of all) {
    const m = /^(.*?): [A-Z]+ \S+: (\d{3})\b/.exec(f);
    const key = m ? `${m[1]} ${m[2]}` : f.slice(0, Math.max(f.indexOf(':'), 0)) || f;
    kinds.set(key, (kinds.get(key) ?? 0) + 1);
  }
  return [...kinds].map(([k, n]) => `${k} ×${n}`).join(', ');
}
