import { Router } from 'express';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import type { Config } from '../../platform/config';
import { historyToJson } from '../../platform/history-json';
import { decodeHistory, fetchCaseRuns } from '../history/decode-history';
import { timelineOf } from '../history/timeline';
import { notFound, parseOr400 } from '../errors';
import { temporalUiLink } from '../temporal-ui';
import { CaseId } from './cases';

export const HistoryQuery = z.object({ format: z.enum(['timeline', 'json']).default('timeline') }).strict();

type Deps = { client: Client; config: Pick<Config, 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE'> };

/**
 * GET /api/cases/:caseId/history: the case's workflow history over all its runs, as a readable
 * timeline, or (?format=json) the raw events in Temporal's JSON form for export and replay.
 */
export function caseHistoryRouter({ client, config }: Deps): Router {
  const r = Router();
  r.get('/:caseId/history', async (req, res) => {
    const caseId = CaseId.safeParse(req.params.caseId);
    if (!caseId.success) throw notFound('case');
    const { format } = parseOr400(HistoryQuery, req.query, 'query');
    const found = await fetchCaseRuns(client, caseId.data);
    if (!found) throw notFound('case history');
    const runs = found.runs.map((run) => ({ runId: run.runId, temporalUi: temporalUiLink(config, caseId.data, run.runId) }));
    const head = { caseId: caseId.data, temporalUi: temporalUiLink(config, caseId.data), earlierRunsMissing: found.earlierRunsMissing };
    if (format === 'json') {
      res.attachment(`${caseId.data}-history.json`).json({
        ...head,
        runs: found.runs.map((run, i) => ({ ...runs[i], history: historyToJson(run.history) })),
      });
      return;
    }
    const converter = client.options.loadedDataConverter;
    const events = (await Promise.all(found.runs.map((run) => decodeHistory(converter, run)))).flat();
    res.json({ ...head, runs, timeline: timelineOf(events) });
  });
  return r;
}
