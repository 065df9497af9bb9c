import { HttpError } from '../errors';

/**
 * What the school-link routes answer when they cannot do what was asked, in Dutch (the reader is
 * a school), the same text in the JSON body and on the HTML page. A wrong token and a token that
 * never existed get the same 404: the answer does not tell whether a link ever existed.
 */
export const LINK_ERRORS = {
  notFound: { status: 404, code: 'not-found', title: 'Link niet gevonden', message: 'Deze link is niet geldig. Controleer of u de volledige link uit de e-mail heeft gebruikt.' },
  expired: { status: 410, code: 'link-expired', title: 'Link verlopen', message: 'Deze link is verlopen. Neem contact op met de leerplichtambtenaar als u nog informatie wilt doorgeven.' },
  answered: {
    status: 409,
    code: 'already-answered',
    title: 'Al beantwoord',
    message: 'Dit verzoek is al beantwoord. Een tweede antwoord wordt niet verwerkt; neem voor aanvullingen contact op met de leerplichtambtenaar.',
  },
  closed: { status: 410, code: 'request-closed', title: 'Verzoek gesloten', message: 'Dit verzoek is niet meer open: de zaak is afgesloten. U hoeft niets meer te doen.' },
  superseded: { status: 410, code: 'request-closed', title: 'Verzoek vervangen', message: 'Dit verzoek is vervangen door een nieuwer verzoek. Gebruik de link uit de meest recente e-mail.' },
  tooMany: { status: 429, code: 'too-many-attempts', title: 'Te veel pogingen', message: 'Er zijn vanaf uw adres te veel ongeldige links geprobeerd. Probeer het over 15 minuten opnieuw.' },
  tooLarge: { status: 413, code: 'too-large', title: 'Antwoord te groot', message: 'Het antwoord is te groot (hoogstens 64 kB). Maak de teksten korter en probeer het opnieuw.' },
  malformed: { status: 400, code: 'malformed-body', title: 'Antwoord onleesbaar', message: 'Het antwoord kon niet worden gelezen: het is geen geldige JSON.' },
  unsupported: {
    status: 415,
    code: 'unsupported-media-type',
    title: 'Onbekend formaat',
    message: 'Stuur het antwoord als formulier (application/x-www-form-urlencoded) of als JSON (application/json).',
  },
  invalid: { status: 400, code: 'invalid-input', title: 'Controleer uw antwoord', message: 'Het antwoord is niet volledig of niet juist ingevuld. Controleer de gemarkeerde velden.' },
  unavailable: {
    status: 503,
    code: 'unavailable',
    title: 'Even niet bereikbaar',
    message: 'Uw antwoord kon nu niet worden verwerkt: een onderdeel van het systeem is even niet bereikbaar. Probeer het over een paar minuten opnieuw met dezelfde link.',
  },
} as const;

export type LinkErrorName = keyof typeof LINK_ERRORS;

/** An HttpError carrying the page title too, for the HTML version of the answer. */
export class LinkError extends HttpError {
  readonly title: string;
  constructor(name: LinkErrorName, details?: unknown) {
    const e = LINK_ERRORS[name];
    super(e.status, e.code, e.message, details);
    this.title = e.title;
  }
}
