import { CLOSURE_REASON_LABELS, DUO_STATUS_LABELS } from '../domain/duo-status';

/** Dutch labels for what the pages show: field names of the action schemas, values, phases, steps. */
const FIELDS: Record<string, string> = {
  decision: 'Besluit',
  closureReason: 'Reden van afsluiten',
  reason: 'Reden',
  note: 'Toelichting',
  consultantId: 'Leerplichtambtenaar (id)',
  plannedFor: 'Gepland op',
  withYouth: 'Met de jongere',
  withParents: 'Met de ouders',
  location: 'Locatie',
  outcome: 'Uitkomst',
  youthHeard: 'Jongere gehoord',
  summary: 'Verslag',
  verdict: 'Oordeel',
  reasoning: 'Onderbouwing',
  helpInvolved: 'Betrokken hulpverlening',
  helpNeeded: 'Benodigde hulp',
  routes: 'Routes',
  halt: 'Halt',
  youthConsent: 'Jongere stemt in',
  parentConsent: 'Ouders stemmen in',
  untreatedSeriousPsychiatricProblems: 'Onbehandelde ernstige psychiatrische problematiek',
  procesVerbaal: 'Proces-verbaal',
  against: 'Tegen',
  parentsConvictedBefore: 'Ouders eerder veroordeeld',
  hulpverlening: 'Hulpverlening',
  partner: 'Partner',
  civiel: 'Civiel',
  channel: 'Kanaal',
  route: 'Route',
  step: 'Stap',
  visitedAt: 'Bezocht op',
  addressCheck: 'Adrescontrole',
  partnersInformed: 'Geïnformeerde partners',
  since: 'Thuiszitter sinds',
  grounds: 'Grond',
  heldOn: 'Gehouden op',
  partners: 'Deelnemer',
  conclusion: 'Conclusie (wat is nog mogelijk)',
  goals: 'Doel',
  description: 'Omschrijving',
  dueOn: 'Datum',
  goalId: 'Doel (id)',
  status: 'Status',
  newDueOn: 'Nieuwe datum',
  endedOn: 'Beëindigd op',
  brin: 'BRIN',
  enrolledOn: 'Ingeschreven op',
  contactPerson: 'Contactpersoon',
  schoolActions: 'Acties van de school',
  careSignals: 'Zorgsignalen',
  lessonsMissed: 'Gemiste lessen',
  absencePerWeek: 'Verzuim per week',
  weekStart: 'Week vanaf',
  hoursAbsent: 'Uren afwezig',
  requestId: 'Verzoek (id)',
  kind: 'Soort',
  startDate: 'Begindatum',
  extend: 'Verlengen',
  adviceReasoning: 'Onderbouwing om af te wijken van het advies',
  newPlannedFor: 'Nieuw tijdstip',
  schoolInfoDeadlineWorkingDays: 'Termijn informatie van school (werkdagen)',
  schoolInfoReminderBeforeDeadlineWorkingDays: 'Herinnering aan de school, werkdagen vóór de termijn',
  schoolInfoEscalationAfterDeadlineWorkingDays: 'Leerplichtambtenaar informeren, werkdagen na de termijn',
  schoolInfoSecondReminderAfterDeadlineWorkingDays: 'Tweede herinnering, werkdagen na de termijn',
  hoorgesprekPlanningWorkingDays: 'Termijn hoorgesprek (werkdagen)',
  judgementWorkingDays: 'Termijn beoordeling (werkdagen)',
  routeChoiceWorkingDays: 'Termijn routekeuze (werkdagen)',
  consultantReminderBeforeDeadlineWorkingDays: 'Herinnering leerplichtambtenaar, werkdagen vóór de termijn',
  teamLeadEscalationAfterDeadlineWorkingDays: 'Escalatie naar de teamleider, werkdagen na de termijn',
  monitoringPeriodWeeks: 'Monitoringperiode (weken)',
  routeFollowUpWeeks: 'Opvolging van een route (weken)',
  absoluutVerzuimEnrolTermWeeks: 'Inschrijftermijn bij absoluut verzuim (weken)',
  lateComingReportThreshold: 'Drempel te laat komen (keer)',
  earlySignalResponseWorkingDays: 'Reactietermijn vroegsignaal (werkdagen)',
  earlySignalFollowUpWeeks: 'Opvolgingscheck vroegsignaal (weken)',
  thuiszitterWeeks: 'Thuiszitter na (weken)',
  thuiszitterReviewWeeks: 'Thuiszitteroverleg elke (weken)',
  huisbezoekFollowUpWorkingDays: 'Opvolging huisbezoek (werkdagen)',
  schoolHolidayRegion: 'Schoolvakantieregio',
  verzuimKinds: 'Soorten verzuim die de regio behandelt',
  name: 'Naam',
  function: 'Functie',
  email: 'E-mailadres',
  firstName: 'Voornaam',
  lastName: 'Achternaam',
  dateOfBirth: 'Geboortedatum',
  bsn: 'BSN',
  onderwijsnummer: 'Onderwijsnummer',
  className: 'Klas',
  meldingId: 'Meldingsnummer',
  reportDate: 'Datum van de melding',
  endDate: 'Einddatum',
  daysAbsent: 'Dagen afwezig',
  timesLate: 'Keer te laat',
  allLessonsMissed: 'Alle lessen gemist',
  presumedReason: 'Vermoedelijke reden',
  schoolWantsAction: 'School wil dat de leerplichtambtenaar optreedt',
  youth: 'Jongere',
  gemeente: 'Woongemeente (CBS-code, bijv. GM0505)',
  school: 'School',
  melder: 'Melder (contactpersoon van de school)',
  parentPhone: 'Telefoon ouders',
  overigReason: 'Reden (overig)',
  signalId: 'Signaalnummer',
  concern: 'Zorg',
  reporter: 'Melder',
  parentsInformed: 'Ouders geïnformeerd',
  sickDays: 'Dagen ziek',
  // Vroegsignalering (the signal pages' forms and facts).
  at: 'Datum en tijd',
  agreements: 'Afspraken',
  result: 'Resultaat',
  organisation: 'Organisatie',
  phone: 'Telefoon',
  locationCode: 'Leslocatie (2 cijfers)',
};

export function fieldLabel(key: string): string {
  return FIELDS[key] ?? humanize(key);
}

const VALUES: Record<string, string> = {
  ...CLOSURE_REASON_LABELS,
  ...DUO_STATUS_LABELS,
  doorgaan: 'Doorgaan',
  sluiten: 'Sluiten',
  'niet-verschenen': 'Niet verschenen',
  'geen-verzuim': 'Geen verzuim',
  waarschuwing: 'Officiële waarschuwing',
  strafrechtelijk: 'Strafrechtelijk (proces-verbaal)',
  jgz: 'JGZ',
  brp: 'BRP',
  'raad-voor-de-kinderbescherming': 'Raad voor de Kinderbescherming',
  // Vroegsignalering: concerns, contacts, follow-up results, outcomes, reporters.
  'verzuim-onder-16-uur': 'Verzuim onder de 16 uur',
  'te-laat-onder-drempel': 'Te laat komen onder de drempel',
  'zorgwekkend-ziekteverzuim': 'Zorgwekkend ziekteverzuim',
  'advies-aan-school': 'Advies aan de school',
  'overleg-met-school': 'Overleg met de school',
  'contact-met-ouders': 'Contact met de ouders',
  'contact-met-jongere': 'Contact met de jongere',
  'overleg-met-partner': 'Overleg met een partner',
  verbeterd: 'Verbeterd',
  onveranderd: 'Onveranderd',
  verslechterd: 'Verslechterd',
  'verzuim-gestopt': 'Verzuim gestopt',
  'hulp-ingezet': 'Hulp ingezet',
  'geen-zorgen': 'Geen zorgen (meer)',
  verhuisd: 'Verhuisd',
};

export function valueLabel(v: string): string {
  return VALUES[v] ?? humanize(v);
}

function humanize(s: string): string {
  const spaced = s.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/-/g, ' ').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export const PHASES: { id: string; label: string }[] = [
  { id: 'intake', label: 'Intake' },
  { id: 'onderzoek', label: 'Onderzoek' },
  { id: 'routes', label: 'Routes' },
  { id: 'monitoring', label: 'Monitoring' },
  { id: 'afgesloten', label: 'Afgesloten' },
];

export const STEPS: Record<string, string> = {
  'intake-besluit': 'Intakebesluit',
  inschrijftermijn: 'Inschrijftermijn',
  'school-informatie': 'Informatie van school',
  hoorgesprek: 'Hoorgesprek',
  beoordeling: 'Beoordeling',
  'route-keuze': 'Routekeuze',
  'routes-lopend': 'Routes lopen',
  monitoring: 'Monitoring',
};

export const DEADLINES: Record<string, string> = {
  'intake-besluit': 'Intakebesluit',
  'school-informatie': 'Informatie van school',
  hoorgesprek: 'Hoorgesprek plannen en houden',
  beoordeling: 'Beoordeling',
  'route-keuze': 'Routekeuze',
  'route-opvolging': 'Uitkomst van de route',
  monitoring: 'Einde monitoring',
  inschrijftermijn: 'Inschrijftermijn',
  'huisbezoek-opvolging': 'Opvolging huisbezoek',
  'thuiszitter-overleg': 'Thuiszitteroverleg',
  'thuiszitter-doel': 'Doel uit het plan',
  'signaal-reactie': 'Reactie op het signaal',
  'signaal-opvolging': 'Opvolgingscheck',
};

/** The consultant actions by their update name: title and a short description, in Dutch. */
export const ACTION_TITLES: Record<string, string> = {
  decideIntake: 'Intakebesluit',
  reassign: 'Toewijzen aan een andere leerplichtambtenaar',
  planHoorgesprek: 'Hoorgesprek plannen',
  recordHoorgesprek: 'Uitkomst hoorgesprek vastleggen',
  recordJudgement: 'Oordeel vastleggen',
  chooseRoutes: 'Route(s) starten',
  recordRouteStep: 'Stap in een route vastleggen',
  recordRouteOutcome: 'Uitkomst van een route vastleggen',
  recordHuisbezoek: 'Huisbezoek vastleggen',
  completeHuisbezoekFollowUp: 'Opvolging huisbezoek vastleggen',
  markThuiszitter: 'Markeren als thuiszitter',
  recordThuiszitterReview: 'Thuiszitteroverleg vastleggen',
  recordGoalProgress: 'Voortgang van een doel vastleggen',
  endThuiszitter: 'Thuiszitterperiode beëindigen',
  closeCase: 'Zaak afsluiten',
  replanHoorgesprek: 'Hoorgesprek verplaatsen',
  cancelHoorgesprek: 'Hoorgesprek afzeggen',
  schoolInformationReceived: 'Informatie van school vastleggen',
  enrolmentRegistered: 'Inschrijving vastleggen',
  meldingReceived: 'Nieuwe melding',
};

/** An early signal: its status, step and the consultant's actions (by update name), in Dutch. */
export const SIGNAL_STATUS: Record<string, string> = { open: 'Open', afgesloten: 'Afgesloten', geescaleerd: 'Geëscaleerd naar een zaak' };
export const SIGNAL_STEPS: Record<string, string> = { reactie: 'Reactie op het signaal', opvolging: 'Opvolging' };
export const SIGNAL_ACTION_TITLES: Record<string, string> = {
  recordContact: 'Contact vastleggen',
  recordFollowUp: 'Opvolgingscheck vastleggen',
  closeSignal: 'Signaal afsluiten',
  escalate: 'Escaleren naar een verzuimmelding (zaak)',
  reassign: 'Toewijzen aan een andere leerplichtambtenaar',
};

export const ROLE_LABELS: Record<string, string> = {
  consultant: 'Leerplichtambtenaar',
  teamlead: 'Teamleider',
  management: 'Management',
  admin: 'Functioneel beheerder',
  school: 'School',
  partner: 'Partner',
  privacy: 'Privacy officer',
};

const dateFmt = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric' });
const dateTimeFmt = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

export function formatDate(v: string | Date | null | undefined): string {
  if (!v) return '–';
  const d = typeof v === 'string' ? new Date(v.length === 10 ? `${v}T12:00:00Z` : v) : v;
  return Number.isNaN(d.getTime()) ? String(v) : dateFmt.format(d);
}

export function formatDateTime(v: string | Date | null | undefined): string {
  if (!v) return '–';
  const d = typeof v === 'string' ? new Date(v) : v;
  return Number.isNaN(d.getTime()) ? String(v) : dateTimeFmt.format(d);
}
