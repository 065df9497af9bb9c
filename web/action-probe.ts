import type { z } from 'zod';
import type { Check } from '../domain/case/checks';
import { jsonSchemaOf } from './forms';

const PROBE = Symbol('probe');

/**
 * Inputs that stop a check the moment it reads a field it cannot guess: the state checks come
 * before the input's. A check that first looks at an enum field (which route, which outcome) is
 * probed with every value of that field.
 */
function probeInputs(schema: z.ZodType): object[] {
  const props = jsonSchemaOf(schema).properties ?? {};
  const enumField = Object.entries(props).find(([, p]) => Array.isArray(p.enum));
  const values = enumField ? (enumField[1].enum ?? []) : [undefined];
  return values.map(
    (v) =>
      new Proxy(
        {},
        {
          get(_t, key) {
            if (enumField && key === enumField[0]) return v;
            throw PROBE;
          },
        },
      ),
  );
}

/**
 * Whether a registry action fits the current state: its domain check does not refuse it as a
 * phase conflict before it reads what the person fills in. Rule violations depend on the input,
 * so those forms are offered and the refusal shows at the field. (The same probe as the case
 * page's `stepAllows`, for any state: the early signal's page uses it.)
 */
export function stateAllows<S>(check: (state: S, input: never, now: Date) => Check, state: S, schema: z.ZodType, now: Date): boolean {
  return probeInputs(schema).some((input) => {
    try {
      const result = check(JSON.parse(JSON.stringify(state)) as S, input as never, now);
      return result.ok || result.kind !== 'phase-conflict';
    } catch {
      // PROBE (the check got past the state and reached the input), or an input-dependent failure.
      return true;
    }
  });
}
