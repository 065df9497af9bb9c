/**
 * One access-log record per read or change of personal data, after the 'Logboek
 * dataverwerkingen' standard: who (actor and role), which processing activity, which case and
 * youth, when, with what result, and a trace id tying it to the request log. Append-only.
 */
export type AccessRecord = {
  actorId: string;
  actorRole: string;
  activity: string;
  caseId: string | null;
  youthId: string | null;
  method: string;
  path: string;
  status: number;
  result: 'uitgevoerd' | 'geweigerd' | 'mislukt';
  traceId: string;
};
