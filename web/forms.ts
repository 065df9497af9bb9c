import { z } from 'zod';
import { html, type Html } from './html';
import { fieldLabel, valueLabel } from './labels';

/**
 * HTML forms derived from an action's zod schema (through its JSON Schema), and the way back: a
 * posted form turned into the JSON body the API validates with the same schema. Booleans are
 * Ja/Nee radios (so "Nee" is an answer), enums selects, enum lists checkboxes, lists of objects a
 * few rows, nested optional objects a fieldset that counts when any of its fields is filled.
 */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  format?: string;
  default?: unknown;
  maxLength?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  anyOf?: JsonSchema[];
};

export type FieldError = { path: string; message: string };
export type FormValues = Record<string, unknown>;

const cache = new WeakMap<z.ZodType, JsonSchema>();
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  let s = cache.get(schema);
  if (!s) {
    s = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    cache.set(schema, s);
  }
  return s;
}

/** Rows offered for a list of objects (goals, partners): enough for one sitting, more in a next one. */
const ROWS = 3;

function typeOf(s: JsonSchema): string {
  if (s.enum) return 'enum';
  if (s.anyOf) return typeOf(s.anyOf.find((a) => a.type !== 'null') ?? {});
  return Array.isArray(s.type) ? (s.type.find((t) => t !== 'null') ?? 'string') : (s.type ?? 'string');
}

const idOf = (formId: string, name: string) => `${formId}-${name.replace(/[^A-Za-z0-9]/g, '-')}`;

function str(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

/** The current value of a field in a re-rendered form (what the user typed) or the schema's default. */
function valueAt(values: FormValues, name: string): unknown {
  return values[name];
}

type Ctx = { formId: string; values: FormValues; errors: FieldError[]; omit: string[] };

function errorFor(ctx: Ctx, name: string): string | undefined {
  return ctx.errors.find((e) => e.path === name)?.message;
}

function wrapField(ctx: Ctx, name: string, label: string, required: boolean, control: (attrs: { id: string; describedBy?: string; invalid: boolean }) => Html, hint?: string): Html {
  const id = idOf(ctx.formId, name);
  const error = errorFor(ctx, name);
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return html`<div class="utrecht-form-field${error ? ' utrecht-form-field--invalid' : ''}">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${label}${required ? '' : html` <span class="optional">(optioneel)</span>`}</label></div>
${hint ? html`<div class="utrecht-form-field-description" id="${id}-hint">${hint}</div>` : ''}
${error ? html`<div class="utrecht-form-field-error-message" id="${id}-error">${error}</div>` : ''}
<div class="utrecht-form-field__input">${control({ id, describedBy, invalid: !!error })}</div></div>`;
}

function fieldsetField(ctx: Ctx, name: string, legend: string, required: boolean, body: Html): Html {
  const error = errorFor(ctx, name);
  const id = idOf(ctx.formId, name);
  return html`<fieldset class="utrecht-form-fieldset${error ? ' utrecht-form-fieldset--invalid' : ''}"${error ? html` aria-describedby="${id}-error"` : ''}>
<legend class="utrecht-form-fieldset__legend">${legend}${required ? '' : html` <span class="optional">(optioneel)</span>`}</legend>
${error ? html`<div class="utrecht-form-field-error-message" id="${id}-error">${error}</div>` : ''}${body}</fieldset>`;
}

function renderField(ctx: Ctx, name: string, key: string, s: JsonSchema, required: boolean): Html {
  const label = fieldLabel(key);
  const type = typeOf(s);
  const current = valueAt(ctx.values, name);
  const inner = s.anyOf?.find((a) => a.type !== 'null') ?? s;
  if (type === 'enum') {
    const options = (inner.enum ?? []).map(String);
    return wrapField(ctx, name, label, required, ({ id, describedBy, invalid }) =>
      html`<select class="utrecht-select utrecht-select--html-select" id="${id}" name="${name}"${required ? html` required` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${invalid ? html` aria-invalid="true"` : ''}>
<option value="">Kies…</option>${options.map((o) => html`<option value="${o}"${str(current ?? inner.default) === o ? html` selected` : ''}>${valueLabel(o)}</option>`)}</select>`,
    );
  }
  if (type === 'boolean') {
    const chosen = current !== undefined ? str(current) : inner.default !== undefined ? String(inner.default) : '';
    const id = idOf(ctx.formId, name);
    return fieldsetField(
      ctx,
      name,
      label,
      required && inner.default === undefined,
      html`<div class="radio-row">${[
        ['true', 'Ja'],
        ['false', 'Nee'],
      ].map(
        ([v, l]) =>
          html`<span class="utrecht-form-field utrecht-form-field--radio"><input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" id="${id}-${v}" name="${name}" value="${v}"${chosen === v ? html` checked` : ''}> <label class="utrecht-form-label utrecht-form-label--radio" for="${id}-${v}">${l}</label></span>`,
      )}</div>`,
    );
  }
  if (type === 'array') {
    const items = s.items ?? inner.items ?? {};
    const itemType = typeOf(items);
    if (itemType === 'enum') {
      const chosen = new Set((Array.isArray(current) ? current : current === undefined ? [] : [current]).map(String));
      const id = idOf(ctx.formId, name);
      return fieldsetField(
        ctx,
        name,
        label,
        required,
        html`${(items.enum ?? []).map(String).map(
          (o) =>
            html`<div class="utrecht-form-field utrecht-form-field--checkbox"><input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id="${id}-${o}" name="${name}" value="${o}"${chosen.has(o) ? html` checked` : ''}> <label class="utrecht-form-label utrecht-form-label--checkbox" for="${id}-${o}">${valueLabel(o)}</label></div>`,
        )}`,
      );
    }
    if (itemType === 'object') {
      const rows = Math.min(s.maxItems ?? ROWS, ROWS);
      return fieldsetField(
        ctx,
        name,
        label,
        required,
        html`${Array.from({ length: rows }, (_, i) =>
          html`<div class="row-group"><p class="row-title">${fieldLabel(key)} ${i + 1}</p>${renderObject(ctx, `${name}.${i}`, items, false)}</div>`,
        )}`,
      );
    }
    // A list of text: one per line.
    const text = Array.isArray(current) ? current.join('\n') : str(current);
    return wrapField(ctx, name, label, required, ({ id, describedBy, invalid }) =>
      html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="${id}" name="${name}" rows="3"${describedBy ? html` aria-describedby="${describedBy}"` : ''}${invalid ? html` aria-invalid="true"` : ''}>${text}</textarea>`,
      'Eén per regel.',
    );
  }
  if (type === 'object') {
    return fieldsetField(ctx, name, label, required, renderObject(ctx, name, inner, true));
  }
  if (type === 'number' || type === 'integer') {
    return wrapField(ctx, name, label, required, ({ id, describedBy, invalid }) =>
      html`<input class="utrecht-textbox utrecht-textbox--html-input" type="number" inputmode="decimal" id="${id}" name="${name}" value="${str(current)}"${type === 'integer' ? html` step="1"` : html` step="any"`}${inner.minimum !== undefined ? html` min="${inner.minimum}"` : ''}${inner.maximum !== undefined ? html` max="${inner.maximum}"` : ''}${required ? html` required` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${invalid ? html` aria-invalid="true"` : ''}>`,
    );
  }
  const format = inner.format;
  if (format === 'date' || format === 'date-time') {
    const inputType = format === 'date' ? 'date' : 'datetime-local';
    const shown = format === 'date-time' ? toLocalInput(str(current)) : str(current);
    return wrapField(ctx, name, label, required, ({ id, describedBy, invalid }) =>
      html`<input class="utrecht-textbox utrecht-textbox--html-input utrecht-textbox--sm" type="${inputType}" id="${id}" name="${name}" value="${shown}"${required ? html` required` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${invalid ? html` aria-invalid="true"` : ''}>`,
      format === 'date-time' ? 'Datum en tijd (Nederlandse tijd).' : undefined,
    );
  }
  if ((inner.maxLength ?? 0) > 300) {
    return wrapField(ctx, name, label, required, ({ id, describedBy, invalid }) =>
      html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="${id}" name="${name}" rows="4"${required ? html` required` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${invalid ? html` aria-invalid="true"` : ''}>${str(current)}</textarea>`,
    );
  }
  return wrapField(ctx, name, label, required, ({ id, describedBy, invalid }) =>
    html`<input class="utrecht-textbox utrecht-textbox--html-input" type="text" id="${id}" name="${name}" value="${str(current)}"${inner.maxLength ? html` maxlength="${inner.maxLength}"` : ''}${required ? html` required` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${invalid ? html` aria-invalid="true"` : ''}>`,
  );
}

function renderObject(ctx: Ctx, prefix: string, s: JsonSchema, requireInside: boolean): Html {
  const required = new Set(s.required ?? []);
  return html`${Object.entries(s.properties ?? {})
    .filter(([key]) => !(prefix === '' && ctx.omit.includes(key)))
    .map(([key, prop]) => renderField(ctx, prefix ? `${prefix}.${key}` : key, key, prop, requireInside && required.has(key)))}`;
}

/** The fields of a form for this schema, with the user's values and the API's messages per field. */
export function formFields(schema: z.ZodType, opts: { formId: string; values?: FormValues; errors?: FieldError[]; omit?: string[] }): Html {
  return renderObject({ formId: opts.formId, values: opts.values ?? {}, errors: opts.errors ?? [], omit: opts.omit ?? [] }, '', jsonSchemaOf(schema), true);
}

const filled = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '') && !(Array.isArray(v) && v.length === 0);

function convert(s: JsonSchema, body: FormValues, name: string): unknown {
  const type = typeOf(s);
  const inner = s.anyOf?.find((a) => a.type !== 'null') ?? s;
  const raw = body[name];
  if (type === 'object') {
    const out: Record<string, unknown> = {};
    let any = false;
    for (const [key, prop] of Object.entries(inner.properties ?? {})) {
      const v = convert(prop, body, name ? `${name}.${key}` : key);
      if (v !== undefined) {
        out[key] = v;
        // A pre-selected default (a Nee radio) does not by itself fill in an optional group.
        const inner = prop.anyOf?.find((a) => a.type !== 'null') ?? prop;
        if (inner.default === undefined || JSON.stringify(inner.default) !== JSON.stringify(v)) any = true;
      }
    }
    return any || !name ? out : undefined;
  }
  if (type === 'array') {
    const items = s.items ?? inner.items ?? {};
    const itemType = typeOf(items);
    if (itemType === 'object') {
      const rows: unknown[] = [];
      for (let i = 0; i < 20; i++) {
        const v = convert(items, body, `${name}.${i}`);
        if (v !== undefined) rows.push(v);
      }
      return rows.length ? rows : undefined;
    }
    if (itemType === 'enum') {
      const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
      return list.length ? list.map(String) : undefined;
    }
    if (!filled(raw)) return undefined;
    return String(raw)
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
  }
  if (!filled(raw)) return undefined;
  const text = String(Array.isArray(raw) ? raw[0] : raw).trim();
  if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  if (type === 'number' || type === 'integer') {
    const n = Number(text.replace(',', '.'));
    return Number.isFinite(n) ? n : text;
  }
  if (inner.format === 'date-time') return fromLocalInput(text);
  return text;
}

/** The JSON body for the API from a posted form (urlencoded: repeated names are arrays). */
export function formToJson(schema: z.ZodType, body: FormValues): Record<string, unknown> {
  return convert(jsonSchemaOf(schema), body, '') as Record<string, unknown>;
}

/** A form's values as the fields show them again (flat names), from the posted body. */
export function flatValues(body: FormValues): FormValues {
  const { _csrf: _c, ...rest } = body;
  return rest;
}

const ZONE = 'Europe/Amsterdam';

/** Offset of Amsterdam from UTC at an instant, in minutes. */
function amsterdamOffset(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, timeZoneName: 'longOffset' }).formatToParts(at);
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** `YYYY-MM-DDTHH:mm` as Dutch local time, to an ISO instant with its offset. */
export function fromLocalInput(local: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?$/.exec(local);
  if (!m) return local;
  const guess = new Date(`${m[1]}T${m[2]}:00Z`);
  const offset = amsterdamOffset(new Date(guess.getTime() - amsterdamOffset(guess) * 60_000));
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${m[1]}T${m[2]}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** An ISO instant as the `datetime-local` input shows it (Dutch time); other text as it is. */
export function toLocalInput(value: string): string {
  if (!value || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return value;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const p = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(d);
  return p.replace(' ', 'T');
}
