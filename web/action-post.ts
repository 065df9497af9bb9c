import type { z } from 'zod';
import { apiError, callApi, type ApiError } from './api-client';
import { flatValues, formToJson, type FormValues } from './forms';
import type { Flash } from './layout';
import type { PageCtx } from './router';

export type PostableAction = { path: string; name: string; schema: z.ZodType };
export type RefusedForm = { path: string; values: FormValues; error: ApiError; status: number };

/**
 * One form post for every registry action of a page (a case's, a signal's): the form becomes the
 * API's JSON and goes to the action's own route; success redirects (POST, redirect, GET), a
 * refusal renders the page again with the person's values and the reason at the field.
 */
export async function postRegistryAction<A extends PostableAction>(
  ctx: PageCtx,
  o: {
    actions: readonly A[];
    apiBase: string;
    redirectTo: (action: A, body: FormValues) => string;
    render: (form?: RefusedForm, flash?: Flash) => Promise<void>;
  },
): Promise<void> {
  const body = ctx.req.body as FormValues;
  const action = o.actions.find((a) => a.path === body._actie);
  if (!action) return o.render(undefined, { kind: 'error', text: 'Onbekende actie.' });
  const input = formToJson(action.schema, body);
  const answer = await callApi(ctx.req, ctx.session, 'POST', `${o.apiBase}/${action.path}`, input);
  if (answer.status >= 200 && answer.status < 300) {
    const to = o.redirectTo(action, body);
    return ctx.res.redirect(303, `${to}${to.includes('?') ? '&' : '?'}gedaan=${encodeURIComponent(action.name)}`);
  }
  // A refusal is the person's to read (4xx); anything else is the API failing behind the page.
  const status = answer.status >= 400 && answer.status < 500 ? answer.status : 502;
  await o.render({ path: action.path, values: flatValues(body), error: apiError(answer, { schema: action.schema, input }), status });
}
