import type { Config } from '../platform/config';

/** The Temporal Web UI page of a case's workflow (or of one of its runs). */
export function temporalUiLink(config: Pick<Config, 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE'>, caseId: string, runId?: string): string {
  const base = `${config.TEMPORAL_UI_URL}/namespaces/${encodeURIComponent(config.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(caseId)}`;
  return runId ? `${base}/${encodeURIComponent(runId)}/history` : base;
}
