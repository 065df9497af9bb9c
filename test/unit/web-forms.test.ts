import * as A from '../../domain/case/actions';
import { formFields, formToJson, fromLocalInput, toLocalInput } from '../../web/forms';
import { html, raw } from '../../web/html';

describe('web forms derived from the action schemas', () => {
  test('an optional group counts only when something in it was filled in, not by its pre-selected defaults', () => {
    const body = { routes: 'waarschuwing', 'halt.untreatedSeriousPsychiatricProblems': 'false', 'procesVerbaal.parentsConvictedBefore': 'false', note: '' };
    expect(formToJson(A.ChooseRoutesInput, body)).toEqual({ routes: ['waarschuwing'] });
    const withHalt = { routes: ['halt', 'waarschuwing'], 'halt.youthConsent': 'true', 'halt.untreatedSeriousPsychiatricProblems': 'false' };
    expect(formToJson(A.ChooseRoutesInput, withHalt)).toEqual({ routes: ['halt', 'waarschuwing'], halt: { youthConsent: true, untreatedSeriousPsychiatricProblems: false } });
  });

  test('rows of a list become objects; empty rows are dropped; Ja/Nee become booleans; lines become lists', () => {
    const body = {
      heldOn: '2026-11-20',
      'partners.0.partner': 'school',
      'partners.0.outcome': 'Maatwerkrooster',
      'partners.1.partner': '',
      'partners.1.outcome': '',
      withParents: 'true',
      withYouth: 'false',
      conclusion: 'Twee ochtenden per week',
      'goals.0.description': 'Naar school op dinsdag',
      'goals.0.dueOn': '2026-12-15',
    };
    expect(formToJson(A.RecordThuiszitterReviewInput, body)).toEqual({
      heldOn: '2026-11-20',
      partners: [{ partner: 'school', outcome: 'Maatwerkrooster' }],
      withParents: true,
      withYouth: false,
      conclusion: 'Twee ochtenden per week',
      goals: [{ description: 'Naar school op dinsdag', dueOn: '2026-12-15' }],
    });
    expect(formToJson(A.RecordJudgementInput, { verdict: 'ongeoorloofd', reasoning: 'x', helpNeeded: 'jeugdteam\r\n\r\nschoolmaatschappelijk werk ' })).toMatchObject({ helpNeeded: ['jeugdteam', 'schoolmaatschappelijk werk'] });
  });

  test('a date and time is Dutch local time, summer and winter', () => {
    expect(fromLocalInput('2026-07-01T10:00')).toBe('2026-07-01T10:00:00+02:00');
    expect(fromLocalInput('2026-12-01T10:00')).toBe('2026-12-01T10:00:00+01:00');
    expect(toLocalInput('2026-12-01T09:00:00Z')).toBe('2026-12-01T10:00');
    expect(new Date(fromLocalInput(toLocalInput('2026-07-01T08:30:00Z'))).toISOString()).toBe('2026-07-01T08:30:00.000Z');
  });

  test('the form shows the refusal at its field, with the value typed, escaped', () => {
    const out = formFields(A.PlanHoorgesprekInput, { formId: 'f', values: { location: '<script>x</script>' }, errors: [{ path: 'location', message: 'te lang & fout' }] }).value;
    expect(out).toContain('value="&lt;script&gt;x&lt;/script&gt;"');
    expect(out).toContain('te lang &amp; fout');
    expect(out).toMatch(/aria-invalid="true"/);
    expect(out).not.toContain('<script>');
  });

  test('html escapes every value unless it is html already', () => {
    expect(html`<p title="${'"x"'}">${'<b>'}${raw('<i>ok</i>')}${[html`<br>`, '&']}</p>`.value).toBe('<p title="&quot;x&quot;">&lt;b&gt;<i>ok</i><br>&amp;</p>');
  });
});
