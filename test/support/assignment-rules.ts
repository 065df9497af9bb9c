import type { apiClient } from './processes';

type Api = ReturnType<typeof apiClient>;
export type RuleInput = { gemeente?: string; schoolBrin?: string; consultantId: string; teamLeadId?: string };
export type StoredRule = { gemeente: string | null; schoolBrin: string | null; consultantId: string; teamLeadId: string | null };

/** A stored rule as PUT takes it (no id, no nulls). */
export const asInput = (r: StoredRule): RuleInput => ({
  ...(r.gemeente && { gemeente: r.gemeente }),
  ...(r.schoolBrin && { schoolBrin: r.schoolBrin }),
  consultantId: r.consultantId,
  ...(r.teamLeadId && { teamLeadId: r.teamLeadId }),
});

/**
 * Changes the rule set every test file shares without losing what others saved: read, change,
 * save with If-Match; on 409 (another file saved in between) again, a few times, then throw.
 */
export async function changeRules(admin: Api, change: (rules: RuleInput[]) => RuleInput[], attempts = 5): Promise<{ version: string }> {
  const tried: string[] = [];
  for (let i = 0; i < attempts; i++) {
    const read = await admin.get('/api/assignment-rules');
    if (read.status !== 200) throw new Error(`GET /api/assignment-rules: ${read.status} ${JSON.stringify(read.body)}`);
    const saved = await admin.put('/api/assignment-rules', change((read.body.items as StoredRule[]).map(asInput)), { 'If-Match': `"${read.body.version}"` });
    if (saved.status === 200) return { version: saved.body.version };
    if (saved.status !== 409) throw new Error(`PUT /api/assignment-rules: ${saved.status} ${JSON.stringify(saved.body)}`);
    tried.push(`${read.body.version} → 409 (now ${saved.body?.error?.version})`);
  }
  throw new Error(`the assignment rules changed under every one of ${attempts} saves: ${tried.join('; ')}`);
}

export const withoutGemeenten = (rules: RuleInput[], gemeenten: string[]) => rules.filter((r) => !r.gemeente || !gemeenten.includes(r.gemeente));
