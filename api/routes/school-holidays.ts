import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import {
  checkSchoolYear,
  coverage,
  coverageWarning,
  SchoolHolidayRegionId,
  SchoolHolidaysInput,
  SchoolYear,
} from '../../domain/calendar-school-holidays';
import type { Actor } from '../../domain/case/actor';
import type { Config } from '../../platform/config';
import type { Db } from '../../prisma/client';
import { Prisma } from '../../prisma/client';
import { deleteSchoolYear, dutchToday, saveSchoolYear, SchoolHolidayConflict, schoolYearsOf } from '../../prisma/school-holidays';
import { CALENDAR_BROADCAST_WORKFLOW_TYPE, calendarBroadcastId } from '../../workflows/calendar-messages';
import { actorOf } from '../actor';
import { HttpError, notFound, parseOr400 } from '../errors';

export const SchoolHolidayRegionParams = z.object({ region: SchoolHolidayRegionId }).strict();
export const SchoolYearParams = z.object({ region: SchoolHolidayRegionId, schoolYear: SchoolYear }).strict();

type Deps = { prisma: Db; client: Client; config: Pick<Config, 'TEMPORAL_TASK_QUEUE'> };

/** A region with its school years, how far they reach and the warning when that is less than a year. */
async function regionView(prisma: Db, region: string) {
  const [row, years] = await Promise.all([prisma.schoolHolidayRegion.findUnique({ where: { region } }), schoolYearsOf(prisma, region)]);
  const today = dutchToday();
  return {
    region,
    revision: row?.revision ?? 0,
    coveredUntil: coverage(years, today).until,
    warning: coverageWarning(region, years, today),
    schoolYears: years,
  };
}

/**
 * School holidays per holiday region and school year, kept by the functional administrator. A change
 * raises the region's revision and reaches running cases through calendarBroadcastWorkflow.
 */
export function schoolHolidaysRouter({ prisma, client, config }: Deps): Router {
  const r = Router();

  /** Starts the broadcast of the region's new revision to running cases; at most once per revision. */
  async function broadcast(region: string, revision: number, actor: Actor) {
    try {
      await client.workflow.start(CALENDAR_BROADCAST_WORKFLOW_TYPE, {
        workflowId: calendarBroadcastId(region, revision),
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [{ region, actor }],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  r.get('/school-holidays', async (_req, res) => {
    const regions = await prisma.schoolHolidayRegion.findMany({ orderBy: { region: 'asc' }, select: { region: true } });
    const items = await Promise.all(regions.map((x) => regionView(prisma, x.region)));
    res.json({ items, warnings: items.flatMap((i) => (i.warning ? [i.warning] : [])) });
  });

  r.get('/school-holidays/:region', async (req, res) => {
    const { region } = parseOr400(SchoolHolidayRegionParams, req.params, 'path');
    if (!(await prisma.schoolHolidayRegion.findUnique({ where: { region } }))) throw notFound(`holiday region '${region}'`);
    res.json(await regionView(prisma, region));
  });

  // Replaces one school year's holidays; a new region id starts a region with its own dates.
  r.put('/school-holidays/:region/:schoolYear', async (req, res) => {
    const { region, schoolYear } = parseOr400(SchoolYearParams, req.params, 'path');
    const body = parseOr400(SchoolHolidaysInput, req.body ?? {});
    const issues = checkSchoolYear(schoolYear, body.holidays);
    if (issues.length) throw new HttpError(422, 'rule-violation', `the school holidays do not fit school year ${schoolYear}`, { fields: issues });
    const actor = actorOf(req);
    let saved: { revision: number };
    try {
      saved = await saveSchoolYear(prisma, { region, schoolYear, holidays: body.holidays, source: body.source, updatedBy: actor.id });
    } catch (err) {
      if (err instanceof SchoolHolidayConflict) throw new HttpError(409, 'conflict', err.message, { fields: err.issues });
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2034')
        throw new HttpError(409, 'conflict', 'another change to these school holidays was saved at the same time: load them again and retry');
      throw err;
    }
    await broadcast(region, saved.revision, actor);
    const view = await regionView(prisma, region);
    res.json({ ...view, schoolYear, holidays: body.holidays });
  });

  r.delete('/school-holidays/:region/:schoolYear', async (req, res) => {
    const { region, schoolYear } = parseOr400(SchoolYearParams, req.params, 'path');
    const gone = await deleteSchoolYear(prisma, region, schoolYear);
    if (!gone) throw notFound(`school year ${schoolYear} of region '${region}'`);
    await broadcast(region, gone.revision, actorOf(req));
    res.json(await regionView(prisma, region));
  });
  return r;
}
