import { z } from 'zod';

/** The status a gemeente reports back to DUO for a melding. */
export const DuoStatus = z.enum(['geregistreerd', 'in-behandeling', 'afgesloten', 'ter-kennisgeving-aangenomen', 'ingetrokken']);
export type DuoStatus = z.infer<typeof DuoStatus>;

export const DUO_STATUS_LABELS: Record<DuoStatus, string> = {
  geregistreerd: 'Geregistreerd',
  'in-behandeling': 'In behandeling',
  afgesloten: 'Afgesloten',
  'ter-kennisgeving-aangenomen': 'Ter kennisgeving aangenomen',
  ingetrokken: 'Ingetrokken',
};

export const ClosureReason = z.enum([
  'terug-naar-school',
  'geen-verzuim-langdurig-ziek',
  'geen-verzuim-legitiem-afwezig',
  'inschrijving-beeindigd',
  'vrijstelling',
  'verhuisd-buiten-regio',
  'ingetrokken-door-school',
  'ter-kennisgeving',
  'afgerond-na-route',
]);
export type ClosureReason = z.infer<typeof ClosureReason>;

export const CLOSURE_REASON_LABELS: Record<ClosureReason, string> = {
  'terug-naar-school': 'Terug naar school',
  'geen-verzuim-langdurig-ziek': 'Geen verzuim: langdurig ziek',
  'geen-verzuim-legitiem-afwezig': 'Geen verzuim: legitiem afwezig',
  'inschrijving-beeindigd': 'Inschrijving beëindigd',
  vrijstelling: 'Vrijstelling',
  'verhuisd-buiten-regio': 'Verhuisd buiten de regio',
  'ingetrokken-door-school': 'Ingetrokken door school',
  'ter-kennisgeving': 'Ter kennisgeving aangenomen',
  'afgerond-na-route': 'Afgerond na traject',
};

export const CasePhase = z.enum(['intake', 'onderzoek', 'routes', 'monitoring', 'afgesloten']);
export type CasePhase = z.infer<typeof CasePhase>;

/** DUO status follows the phase; at the end the closing reason decides which end status. */
export function duoStatusFor(phase: CasePhase, closureReason?: ClosureReason): DuoStatus {
  if (phase === 'intake') return 'geregistreerd';
  if (phase !== 'afgesloten') return 'in-behandeling';
  if (closureReason === 'ter-kennisgeving' || closureReason === 'vrijstelling') return 'ter-kennisgeving-aangenomen';
  if (closureReason === 'ingetrokken-door-school') return 'ingetrokken';
  return 'afgesloten';
}
