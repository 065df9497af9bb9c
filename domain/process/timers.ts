import type { Deadline } from '../case/state';

/** A deadline's stages, in the order their instants come. */
export type DeadlineStage = 'herinnering' | 'verstreken' | 'tweede-herinnering' | 'escalatie';

/** The stage of a deadline that comes next, and its instant; null when nothing is left to fire. */
export function nextStage(d: Deadline): { stage: DeadlineStage; at: string } | null {
  if (d.remindAt && !d.reminded) return { stage: 'herinnering', at: d.remindAt };
  if (!d.expired) return { stage: 'verstreken', at: d.dueAt };
  // After the deadline: the school's second reminder (when it has its own instant) and the escalation.
  const after: { stage: DeadlineStage; at: string }[] = [];
  if (d.secondRemindAt && !d.secondReminded) after.push({ stage: 'tweede-herinnering', at: d.secondRemindAt });
  if (d.escalateAt && !d.escalated) after.push({ stage: 'escalatie', at: d.escalateAt });
  return after.sort((a, b) => a.at.localeCompare(b.at))[0] ?? null;
}

/**
 * The stages of a deadline whose instants have come by `t` and have not fired, in order. After a
 * gap (a worker down over the instants) there can be several; the transitions act on the latest.
 */
export function stagesDue(d: Deadline, t: string): { stage: DeadlineStage; at: string }[] {
  const due: { stage: DeadlineStage; at: string }[] = [];
  if (d.remindAt && !d.reminded && d.remindAt <= t) due.push({ stage: 'herinnering', at: d.remindAt });
  if (!d.expired && d.dueAt <= t) due.push({ stage: 'verstreken', at: d.dueAt });
  const pastDue = d.expired || d.dueAt <= t;
  if (d.secondRemindAt && !d.secondReminded && d.secondRemindAt <= t && pastDue) due.push({ stage: 'tweede-herinnering', at: d.secondRemindAt });
  if (d.escalateAt && !d.escalated && d.escalateAt <= t && pastDue) due.push({ stage: 'escalatie', at: d.escalateAt });
  return due;
}

/**
 * The one timer a process sleeps on: the earliest next stage over all its deadlines, with a
 * one-line summary (the deadline and the stage) that the Web UI and the history timeline show.
 */
export function nextTimer(deadlines: readonly Deadline[]): { at: string; summary: string } | null {
  let best: { at: string; summary: string } | null = null;
  for (const d of deadlines) {
    const n = nextStage(d);
    if (n && (!best || n.at < best.at)) best = { at: n.at, summary: `${d.id}: ${n.stage}` };
  }
  return best;
}
