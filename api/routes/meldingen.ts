import { Router } from 'express';
import { MeldingSchema } from '../../domain/melding';
import { actorOf } from '../actor';
import { HttpError, parseOr400 } from '../errors';
import { authorize, mayKnowCase, submissionSource } from '../../domain/access-policy';
import { caseScope } from '../services/scopes';
import { principalOf } from '../auth/authenticate';
import { register, type RegistrationDeps } from '../services/register-melding';

export function meldingenRouter(deps: RegistrationDeps): Router {
  const r = Router();
  // A verzuimmelding: opens a case, or is attached to the youth's open case (recidive).
  r.post('/', async (req, res) => {
    const melding = parseOr400(MeldingSchema, req.body ?? {});
    // A school reports its own pupils only, and never without naming its school.
    const decision = authorize(principalOf(req), 'melding:create', { gemeente: melding.gemeente, schoolBrin: melding.school?.brin ?? '' });
    if (!decision.allowed) throw new HttpError(403, 'forbidden', decision.reason);
    const principal = principalOf(req);
    const { result, youthId, ownCaseScope } = await register(deps, melding, actorOf(req), { source: submissionSource(principal) });
    res.locals.caseId = result.caseId;
    res.locals.youthId = youthId;
    // The answer names the case only to who may know it (issue 18): a school reporting a pupil
    // whose case another school's melding opened learns that its melding is registered, no more.
    if (!mayKnowCase(principal, ownCaseScope ?? (await caseScope(deps.prisma, result.caseId)))) {
      res.status(result.outcome === 'already-registered' ? 200 : 201).json({ meldingId: result.meldingId, caseId: null, outcome: result.outcome === 'already-registered' ? 'already-registered' : 'registered' });
      return;
    }
    res
      .status(result.outcome === 'already-registered' ? 200 : 201)
      .location(`/api/cases/${result.caseId}`)
      .json(result);
  });
  return r;
}
