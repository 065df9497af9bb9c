import type { z } from 'zod';

/**
 * The HTML form of the school's answer and the schema behind it (SchoolInformationInput, the
 * same schema as the signal): the form's flat fields become the schema's input, and the schema's
 * issues become Dutch messages next to the form's fields.
 */

export type FormValues = Record<string, string>;
export type AnswerFieldError = { path: string; field: string; message: string };

const MAX_WEEKS = 52;

/** '4', '2,5' and '2.5' are numbers; anything else stays text, so the schema reports it. */
function numberOrText(s: string): number | string {
  return /^\d+([.,]\d+)?$/.test(s) ? Number(s.replace(',', '.')) : s;
}

/** The submitted form's fields as strings (a repeated field keeps its last value). */
export function formValues(body: unknown): FormValues {
  const values: FormValues = {};
  if (body && typeof body === 'object')
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) values[k] = String(Array.isArray(v) ? v.at(-1) : (v ?? ''));
  return values;
}

/**
 * The form as the schema's input. Rows without hours are left out (not known); `weekRows` maps
 * each entry of absencePerWeek back to its row in the form, for the messages.
 */
export function formToAnswer(values: FormValues): { input: Record<string, unknown>; weekRows: number[] } {
  const absencePerWeek: { weekStart: string; hoursAbsent: number | string }[] = [];
  const weekRows: number[] = [];
  for (let i = 0; i < MAX_WEEKS + 1; i++) {
    const hours = (values[`week-${i}-hours`] ?? '').trim();
    if (!hours) continue;
    absencePerWeek.push({ weekStart: (values[`week-${i}-start`] ?? '').trim(), hoursAbsent: numberOrText(hours) });
    weekRows.push(i);
  }
  const lessons = (values.lessonsMissed ?? '').trim();
  return {
    input: {
      absencePerWeek,
      ...(lessons ? { lessonsMissed: numberOrText(lessons) } : {}),
      schoolActions: values.schoolActions ?? '',
      careSignals: values.careSignals ?? '',
      contactPerson: values.contactPerson ?? '',
    },
    weekRows,
  };
}

function dutch(issue: z.core.$ZodIssue): string {
  const [head, , leaf] = issue.path;
  const code = issue.code;
  switch (head) {
    case 'contactPerson':
      return code === 'too_big' ? 'Gebruik hoogstens 200 tekens.' : 'Vul de naam van de contactpersoon op school in.';
    case 'schoolActions':
    case 'careSignals':
      return code === 'too_big' ? 'Gebruik hoogstens 4000 tekens.' : 'Vul hier tekst in.';
    case 'lessonsMissed':
      if (code === 'too_small') return 'Het aantal kan niet negatief zijn.';
      if (code === 'too_big') return 'Vul hoogstens 5000 in.';
      return 'Vul een heel getal in, of laat het veld leeg.';
    case 'absencePerWeek':
      if (leaf === 'hoursAbsent') {
        if (code === 'too_small') return 'Het aantal uren kan niet negatief zijn.';
        if (code === 'too_big') return 'Vul hoogstens 60 uur per week in.';
        return 'Vul een aantal uren in, bijvoorbeeld 4 of 2,5.';
      }
      if (leaf === 'weekStart') return 'Vul de eerste dag van de week in als datum (JJJJ-MM-DD).';
      if (code === 'too_big') return `Geef hoogstens ${MAX_WEEKS} weken op.`;
      return 'Geef het verzuim per week op als lijst van { weekStart, hoursAbsent }.';
    case 'requestId':
      return 'Ongeldig verzoeknummer.';
    default:
      if (code === 'unrecognized_keys') return `Onbekend veld: ${issue.keys.join(', ')}.`;
      if (issue.path.length === 0) return 'Het antwoord moet een object met velden zijn.';
      return 'Ongeldige waarde.';
  }
}

/** The form field an issue belongs to (for the message's place on the page). */
function fieldOf(path: PropertyKey[], weekRows: number[]): string {
  const [head, index, leaf] = path;
  if (head === 'absencePerWeek' && typeof index === 'number') return `week-${weekRows[index] ?? index}-${leaf === 'weekStart' ? 'start' : 'hours'}`;
  return typeof head === 'string' ? head : '';
}

/** One Dutch message per issue, with the schema path (JSON) and the form field (HTML). */
export function answerErrors(error: z.ZodError, weekRows: number[] = []): AnswerFieldError[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), field: fieldOf(i.path, weekRows), message: dutch(i) }));
}
