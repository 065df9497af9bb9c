import type { LetterTemplateText } from './default-templates';
import { letterFacts, letterTitle, type LetterContext } from './facts';
import { fill } from './placeholders';
import type { LetterSettings } from './settings';

/** A letter ready to lay out: every text final, and what the case lacked to fill it. */
export type ComposedLetter = {
  title: string;
  subject: string;
  date: string;
  reference: string;
  sender: { organisation: string; department?: string; addressLines: string[]; phone?: string; email?: string; website?: string };
  place: string;
  recipientBlock: string[];
  paragraphs: string[];
  closing: string;
  signature: string[];
  footer?: string;
  /** Placeholders the case had no value for (shown as [name] in the text); sending waits for them. */
  missing: string[];
};

/** Fills a region's template with a case's facts (pure: the same input gives the same letter). */
export function composeLetter(template: LetterTemplateText, settings: LetterSettings, ctx: LetterContext): ComposedLetter {
  const facts = letterFacts(ctx);
  const missing = new Set<string>();
  const recipientBlock =
    ctx.recipient.kind === 'person' ? [ctx.recipient.person.name, ...ctx.recipient.person.addressLines] : [ctx.recipient.name, ...ctx.recipient.addressLines];
  if (ctx.recipient.kind === 'person' && !ctx.recipient.person.addressLines.length) missing.add('ontvanger.adres');
  return {
    title: letterTitle(ctx.kind),
    subject: fill(template.subject, facts, missing),
    date: facts.datum!,
    reference: ctx.state.caseId,
    sender: {
      organisation: settings.organisation,
      department: settings.department,
      addressLines: settings.addressLines,
      phone: settings.phone,
      email: settings.email,
      website: settings.website,
    },
    place: settings.place,
    recipientBlock,
    paragraphs: template.paragraphs.map((p) => fill(p, facts, missing)),
    closing: settings.closing,
    signature: settings.signature.map((line) => fill(line, facts, missing)),
    footer: settings.footer,
    missing: [...missing].sort(),
  };
}
