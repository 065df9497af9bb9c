import type { Deadline } from '../case/state';

/** A deadline's stages, in the order their instants come. */
export type DeadlineStage = 'herinnering' | 'verstreken' | 'escalatie';

/** The stage of a deadline that comes next, and its instant; null when nothing is left to fire. */
export function nextStage(d: Deadline): { stage: DeadlineStage; at: string } | null {
  if (d.remindAt && !d.reminded) return { stage: 'herinnering', at: d.remindAt };
  if (!d.expired) return { stage: 'verstreken', at: d.dueAt };
  if (d.escalateAt && !d.escalated) return { stage: 'escalatie', at: d.escalateAt };
  return null;
}

/**
 * The stages of a deadline whose instants have come by `t` and have not fired, in order. After a
 * gap (a worker down over the instants) there can be several; the transitions act on the latest.
 */
export function stagesDue(d: Deadline, t: string): { stage: DeadlineStage; at: string }[] {
  const due: { stage: DeadlineStage; at: string }[] = [];
  if (d.remindAt && !d.reminded && d.remindAt <= t) due.push({ stage: 'herinnering', at: d.remindAt });
  if (!d.expired && d.dueAt <= t) due.push({ stage: 'verstreken', at: d.dueAt });
  if (d.escalateAt && !d.escalated && d.escalateAt <= t && (d.expired || d.dueAt <= t)) due.push({ stage: 'escalatie', at: d.escalateAt });
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
