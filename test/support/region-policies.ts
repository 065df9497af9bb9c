import type { apiClient } from './processes';

type Api = ReturnType<typeof apiClient>;
export type PolicyRead = { regionId: string; gemeenten: string[]; policy: Record<string, unknown>; version: string };

/**
 * Changes a region's policy the way an administrator should: read it, change it, save it with
 * If-Match; on 409 (someone saved in between) again, a few times, then throw. For a region a test
 * shares with a page or another writer; a region of the file's own can be created with a plain PUT.
 */
export async function changePolicy(
  admin: Api,
  regionId: string,
  change: (policy: Record<string, unknown>) => Record<string, unknown>,
  attempts = 5,
): Promise<PolicyRead> {
  const tried: string[] = [];
  for (let i = 0; i < attempts; i++) {
    const read = await admin.get(`/api/policies/${regionId}`);
    if (read.status !== 200) throw new Error(`GET /api/policies/${regionId}: ${read.status} ${JSON.stringify(read.body)}`);
    const body = read.body as PolicyRead;
    const saved = await admin.put(`/api/policies/${regionId}`, { policy: change(body.policy), gemeenten: body.gemeenten }, { 'If-Match': `"${body.version}"` });
    if (saved.status === 200) return saved.body as PolicyRead;
    if (saved.status !== 409) throw new Error(`PUT /api/policies/${regionId}: ${saved.status} ${JSON.stringify(saved.body)}`);
    tried.push(`${body.version} → 409 (now ${saved.body?.error?.version})`);
  }
  throw new Error(`region ${regionId} changed under every one of ${attempts} saves: ${tried.join('; ')}`);
}
