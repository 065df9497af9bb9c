import { Router } from 'express';
import { z } from 'zod';
import { ReportPeriod } from '../../domain/audit/period';
import { GemeenteCode } from '../../domain/melding';
import { caseCounts, countsTable, jaarverslag, leadTimes, leerplichttelling, missedDeadlines } from '../../domain/audit/reports';
import type { Db } from '../../prisma/client';
import { parseOr400 } from '../errors';
import { principalOf } from '../auth/authenticate';
import { earlySignalReport } from '../../domain/audit/early-signals';
import { thuiszitterReport } from '../../domain/audit/thuiszitters';
import { toIsoDate } from '../../domain/dates';
import { loadCaseFacts, loadEarlySignalFacts, loadMeldingFacts, loadThuiszitterFacts } from '../services/report-data';
import { sendTable } from '../tabular';

const common = { format: z.enum(['json', 'csv']).optional(), gemeente: GemeenteCode.optional() };
export const ReportQuery = ReportPeriod.safeExtend(common).strict();
export const CaseReportQuery = ReportPeriod.safeExtend({ ...common, basis: z.enum(['opened', 'active']).default('opened') }).strict();

/** The report endpoints, for the OpenAPI document. */
export const REPORTS = [
  { path: 'cases', query: CaseReportQuery, summary: 'Cases per status, phase, route, gemeente and school (opened in, or open during, the period)' },
  { path: 'lead-times', query: ReportQuery, summary: 'Lead times in days (median, 90th percentile) from melding to judgement, first route and closure' },
  { path: 'missed-deadlines', query: ReportQuery, summary: 'Consultant deadlines that passed without the step, per kind, gemeente and consultant' },
  { path: 'leerplichttelling', query: ReportQuery, summary: 'The leerplichttelling: 16-uur and luxe meldingen per gemeente per school year' },
  { path: 'thuiszitters', query: ReportQuery, summary: 'Thuiszitters per gemeente with their duration in days (running, started, ended, review overdue), and one row per thuiszitter period' },
  { path: 'early-signals', query: ReportQuery, summary: 'Vroegsignalering, apart from meldingen and cases: signals received per gemeente, concern and reporter, their outcome, escalations, and days to the first contact' },
  { path: 'jaarverslag', query: ReportQuery, summary: 'The figures of the yearly report (art. 25): meldingen per kind, cases opened, per closing reason, routes per kind, per gemeente' },
] as const;

/** GET /api/reports/...: management figures from the PostgreSQL projection, as JSON or CSV. */
export function reportsRouter({ prisma }: { prisma: Db }): Router {
  const r = Router();
  const name = (report: string, p: ReportPeriod, gemeente?: string) => `${report}-${gemeente ? `${gemeente}-` : ''}${p.from}-${p.to}`;

  r.get('/cases', async (req, res) => {
    const { format, basis, gemeente, ...period } = parseOr400(CaseReportQuery, req.query, 'query');
    const report = caseCounts(await loadCaseFacts(prisma, period, gemeente ?? principalOf(req).gemeenten), period, basis);
    const { period: _p, basis: _b, ...counts } = report;
    sendTable(req, res, { format, json: { ...report, gemeente: gemeente ?? null }, columns: ['dimension', 'key', 'label', 'count'], rows: countsTable(counts), filename: name('zaken', period, gemeente) });
  });

  r.get('/lead-times', async (req, res) => {
    const { format, gemeente, ...period } = parseOr400(ReportQuery, req.query, 'query');
    const report = leadTimes(await loadCaseFacts(prisma, period, gemeente ?? principalOf(req).gemeenten), period);
    sendTable(req, res, { format, json: { ...report, gemeente: gemeente ?? null }, columns: ['gemeente', 'measure', 'n', 'medianDays', 'p90Days'], rows: report.rows, filename: name('doorlooptijden', period, gemeente) });
  });

  r.get('/missed-deadlines', async (req, res) => {
    const { format, gemeente, ...period } = parseOr400(ReportQuery, req.query, 'query');
    const report = missedDeadlines(await loadCaseFacts(prisma, period, gemeente ?? principalOf(req).gemeenten), period);
    const { period: _p, ...counts } = report;
    sendTable(req, res, { format, json: { ...report, gemeente: gemeente ?? null }, columns: ['dimension', 'key', 'label', 'count'], rows: countsTable(counts), filename: name('termijnen-overschreden', period, gemeente) });
  });

  r.get('/leerplichttelling', async (req, res) => {
    const { format, gemeente, ...period } = parseOr400(ReportQuery, req.query, 'query');
    const report = leerplichttelling(await loadMeldingFacts(prisma, period, gemeente ?? principalOf(req).gemeenten), period);
    sendTable(req, res, { format, json: { ...report, gemeente: gemeente ?? null }, columns: ['schoolYear', 'gemeente', 'zestienUur', 'luxe'], rows: report.rows, filename: name('leerplichttelling', period, gemeente) });
  });

  r.get('/thuiszitters', async (req, res) => {
    const { format, gemeente, ...period } = parseOr400(ReportQuery, req.query, 'query');
    const report = thuiszitterReport(await loadThuiszitterFacts(prisma, period, gemeente ?? principalOf(req).gemeenten), period, toIsoDate(new Date()));
    const columns = ['gemeente', 'caseId', 'since', 'until', 'days', 'running', 'grounds', 'reviews', 'lastReviewOn', 'openGoals', 'reviewOverdue'] as const;
    sendTable(req, res, { format, json: { ...report, gemeente: gemeente ?? null }, columns, rows: report.thuiszitters, filename: name('thuiszitters', period, gemeente) });
  });

  r.get('/early-signals', async (req, res) => {
    const { format, gemeente, ...period } = parseOr400(ReportQuery, req.query, 'query');
    const report = earlySignalReport(await loadEarlySignalFacts(prisma, period, gemeente ?? principalOf(req).gemeenten), period);
    const { period: _p, daysToFirstContact: _d, ...counts } = report;
    sendTable(req, res, { format, json: { ...report, gemeente: gemeente ?? null }, columns: ['dimension', 'key', 'label', 'count'], rows: countsTable(counts), filename: name('vroegsignalering', period, gemeente) });
  });

  r.get('/jaarverslag', async (req, res) => {
    const { format, gemeente, ...period } = parseOr400(ReportQuery, req.query, 'query');
    const [cases, meldingen] = await Promise.all([loadCaseFacts(prisma, period, gemeente ?? principalOf(req).gemeenten), loadMeldingFacts(prisma, period, gemeente ?? principalOf(req).gemeenten)]);
    const report = jaarverslag(cases, meldingen, period);
    sendTable(req, res, { format, json: { ...report, gemeente: gemeente ?? null }, columns: ['figure', 'gemeente', 'key', 'label', 'count'], rows: report.rows, filename: name('jaarverslag', period, gemeente) });
  });

  return r;
}
