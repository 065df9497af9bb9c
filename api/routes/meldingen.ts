import { Router } from 'express';
import { MeldingSchema } from '../../domain/melding';
import { actorOf } from '../actor';
import { HttpError, parseOr400 } from '../errors';
import { authorize } from '../../domain/access-policy';
import { principalOf } from '../auth/authenticate';
import { registerMelding, type RegistrationDeps } from '../services/register-melding';

export function meldingenRouter(deps: RegistrationDeps): Router {
  const r = Router();
  // A verzuimmelding: opens a case, or is attached to the youth's open case (recidive).
  r.post('/', async (req, res) => {
    const melding = parseOr400(MeldingSchema, req.body ?? {});
    // A school reports its own pupils only, and never without naming its school.
    const decision = authorize(principalOf(req), 'melding:create', { gemeente: melding.gemeente, schoolBrin: melding.school?.brin ?? '' });
    if (!decision.allowed) throw new HttpError(403, 'forbidden', decision.reason);
    const result = await registerMelding(deps, melding, actorOf(req));
    res
      .status(result.outcome === 'already-registered' ? 200 : 201)
      .location(`/api/cases/${result.caseId}`)
      .json(result);
  });
  return r;
}
