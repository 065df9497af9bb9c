import { Router } from 'express';
import { z } from 'zod';
import { Brin, GemeenteCode } from '../../domain/melding';
import { RegionPolicyFields, RegionPolicySchema, ZHZ_POLICY } from '../../domain/policy';
import type { Db } from '../../prisma/client';
import { HttpError, notFound, parseOr400 } from '../errors';
import { schoolHolidaysRouter } from './school-holidays';
import { readRules, replaceRules } from '../services/assignment-rules';
import { listPolicies, readPolicy, savePolicy } from '../services/region-policies';
import { etagOf, versionOfEtag } from '../services/versions';
import { coverageWarnings, regionsInUse } from '../../prisma/school-holidays';
import type { Client } from '@temporalio/client';
import type { Config } from '../../platform/config';

/** One rule: a school (BRIN) or a gemeente goes to a consultant; a school rule wins. */
export const AssignmentRuleInput = z
  .object({
    gemeente: GemeenteCode.optional(),
    schoolBrin: Brin.optional(),
    consultantId: z.string().min(1).max(100),
    teamLeadId: z.string().min(1).max(100).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.gemeente === !v.schoolBrin) ctx.addIssue({ code: 'custom', path: ['gemeente'], message: 'give exactly one of gemeente or schoolBrin' });
  });
export const AssignmentRulesInput = z.array(AssignmentRuleInput).max(2000);

/** If-Match of a PUT that saves a whole thing: the version read at `readPath` (its ETag, quoted or bare), or `*`. */
const ifMatchHeader = (readPath: string) =>
  z.object({
    'If-Match': z
      .string()
      .trim()
      .regex(/^(\*|"[0-9a-f]{16}"|[0-9a-f]{16})$/, `must be the version of GET ${readPath} (its ETag, like "0123456789abcdef")`)
      .optional(),
  });
export const IfMatchHeader = ifMatchHeader('/api/assignment-rules');
export const PolicyIfMatchHeader = ifMatchHeader('/api/policies/{regionId}');
const ifMatchOf = (schema: typeof IfMatchHeader, value: string | undefined) => {
  const { 'If-Match': ifMatch } = parseOr400(schema, { 'If-Match': value }, 'If-Match header');
  return ifMatch === undefined ? undefined : versionOfEtag(ifMatch);
};

export const PolicyInput = z.object({ policy: RegionPolicySchema, gemeenten: z.array(GemeenteCode).min(1).max(400) }).strict();

export function configurationRouter(deps: { prisma: Db; client: Client; config: Pick<Config, 'TEMPORAL_TASK_QUEUE'> }): Router {
  const { prisma } = deps;
  const r = Router();
  // The calendar's school holidays sit next to the policies that name their region.
  r.use(schoolHolidaysRouter(deps));

  r.get('/assignment-rules', async (_req, res) => {
    const { items, version } = await readRules(prisma);
    res.set('ETag', etagOf(version)).json({ items, version });
  });

  // Replaces the whole rule set at once, so a region never runs on half a list. New cases only.
  // With If-Match (the version read) a save from an out-of-date read is refused with 409 instead
  // of deleting the rules others saved meanwhile; without it the PUT replaces as before.
  r.put('/assignment-rules', async (req, res) => {
    const ifMatch = ifMatchOf(IfMatchHeader, req.get('If-Match'));
    const rules = parseOr400(AssignmentRulesInput, req.body ?? []);
    const keys = rules.map((x) => x.schoolBrin ?? x.gemeente);
    const twice = keys.filter((k, i) => keys.indexOf(k) !== i);
    if (twice.length) throw new HttpError(422, 'rule-violation', `more than one rule for ${[...new Set(twice)].join(', ')}`);
    const saved = await replaceRules(prisma, rules, ifMatch);
    res.set('ETag', etagOf(saved.version)).json(saved);
  });

  r.get('/policies', async (_req, res) => {
    const items = await listPolicies(prisma);
    // Never silently out of date: a region in use whose school holidays end within a year is named.
    const warnings = await coverageWarnings(prisma, await regionsInUse(prisma, ZHZ_POLICY.schoolHolidayRegion));
    res.json({ default: ZHZ_POLICY, items, warnings });
  });

  r.get('/policies/:regionId', async (req, res) => {
    // A path that cannot be a region id names no region (and never reaches the database as it is).
    const id = RegionPolicyFields.shape.regionId.safeParse(req.params.regionId);
    const found = id.success ? await readPolicy(prisma, id.data) : null;
    if (!found) throw notFound('region policy');
    res.set('ETag', etagOf(found.version)).json(found);
  });

  // A region's policy applies to cases that start after it is saved; running cases keep theirs.
  // With If-Match (the version read) a save from an out-of-date read is refused with 409 instead of
  // overwriting what another administrator saved meanwhile; without it the PUT saves as before
  // (clients that create their own regions, older clients). The web page always sends it.
  r.put('/policies/:regionId', async (req, res) => {
    const ifMatch = ifMatchOf(PolicyIfMatchHeader, req.get('If-Match'));
    const input = parseOr400(PolicyInput, req.body ?? {});
    if (input.policy.regionId !== req.params.regionId) throw new HttpError(400, 'invalid-input', 'policy.regionId must match the path', { fields: [{ path: 'policy.regionId', message: 'must match the path' }] });
    const saved = await savePolicy(prisma, input, ifMatch);
    res.set('ETag', etagOf(saved.version)).json(saved);
  });
  return r;
}
