import { z } from 'zod';

/** 'partner': a youth-care or JGZ organisation that reports early signals (vroegsignalering). */
export const Role = z.enum(['consultant', 'teamlead', 'management', 'admin', 'school', 'partner', 'privacy', 'system']);
export type Role = z.infer<typeof Role>;

/** Who performed a step: every update and signal carries one, so the history is an audit. */
export const ActorSchema = z.object({
  id: z.string().min(1).max(100),
  role: Role,
});
export type Actor = z.infer<typeof ActorSchema>;

export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'system' };
