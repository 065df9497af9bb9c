import type { LetterKind } from './kinds';

/** A letter kind's text: the subject line and the paragraphs, with {{placeholders}}. */
export type LetterTemplateText = { subject: string; paragraphs: string[] };

/**
 * The built-in Dutch texts, used for a region until its administrator saves its own
 * (PUT /api/letter-templates/:regionId/:kind). Plain language (B1), as the MAS asks.
 */
export const DEFAULT_TEMPLATES: Record<LetterKind, LetterTemplateText> = {
  'uitnodiging-hoorgesprek': {
    subject: 'Uitnodiging voor een gesprek over het schoolverzuim van {{jeugdige.naam}}',
    paragraphs: [
      '{{ontvanger.aanhef}},',
      '{{school.naam}} heeft ons gemeld dat {{jeugdige.naam}} (geboren {{jeugdige.geboortedatum}}) in de periode {{verzuim.periode}} {{verzuim.uren}} uur ongeoorloofd afwezig was. Als leerplichtambtenaar moet ik onderzoeken waarom.',
      'Daarom nodig ik u uit voor een gesprek (hoorgesprek) op {{hoorgesprek.datum}} om {{hoorgesprek.tijd}} uur. Het gesprek is op deze plek: {{hoorgesprek.locatie}}.',
      'Is uw kind 12 jaar of ouder, dan is hij of zij ook uitgenodigd. In het gesprek hoor ik graag hoe het verzuim komt en wat nodig is om weer naar school te gaan.',
      'U bent verplicht om te komen (artikel 26 Leerplichtwet 1969). Kunt u niet op deze datum? Neem dan vóór het gesprek contact met mij op via {{consulent.telefoon}} of {{consulent.email}}.',
    ],
  },
  'verzetting-hoorgesprek': {
    subject: 'Nieuwe datum voor het gesprek over {{jeugdige.naam}}',
    paragraphs: [
      '{{ontvanger.aanhef}},',
      'Het gesprek over het schoolverzuim van {{jeugdige.naam}} stond gepland op {{hoorgesprek.vorigeDatum}}. Deze afspraak is verzet.',
      'De nieuwe afspraak is op {{hoorgesprek.datum}} om {{hoorgesprek.tijd}} uur, op deze plek: {{hoorgesprek.locatie}}.',
      'U bent verplicht om te komen. Kunt u niet? Neem dan direct contact met mij op via {{consulent.telefoon}} of {{consulent.email}}.',
    ],
  },
  'annulering-hoorgesprek': {
    subject: 'Het gesprek over {{jeugdige.naam}} gaat niet door',
    paragraphs: [
      '{{ontvanger.aanhef}},',
      'Het gesprek over het schoolverzuim van {{jeugdige.naam}} op {{hoorgesprek.vorigeDatum}} gaat niet door. De reden: {{reden}}.',
      'Als er een nieuwe afspraak nodig is, krijgt u daarover bericht. Vragen? Bel of mail mij via {{consulent.telefoon}} of {{consulent.email}}.',
    ],
  },
  'officiele-waarschuwing': {
    subject: 'Officiële waarschuwing wegens schoolverzuim van {{jeugdige.naam}}',
    paragraphs: [
      '{{ontvanger.aanhef}},',
      '{{jeugdige.naam}} was in de periode {{verzuim.periode}} {{verzuim.uren}} uur ongeoorloofd afwezig van {{school.naam}}. Dat is in strijd met de Leerplichtwet 1969.',
      'Hierbij geef ik u op {{waarschuwing.datum}} een officiële waarschuwing. Ik maak nu nog geen proces-verbaal op.',
      'In de komende {{monitoring.weken}} weken, van {{monitoring.van}} tot en met {{monitoring.tot}}, houdt de school het verzuim van {{jeugdige.naam}} extra in de gaten. Verzuimt {{jeugdige.naam}} in deze periode opnieuw ongeoorloofd, dan kan ik een proces-verbaal opmaken. De Officier van Justitie beslist dan over een straf.',
      'Heeft u vragen, of is er hulp nodig? Neem contact met mij op via {{consulent.telefoon}} of {{consulent.email}}.',
    ],
  },
  'verwijzing-halt': {
    subject: 'Verwijzing naar Halt wegens schoolverzuim van {{jeugdige.naam}}',
    paragraphs: [
      '{{ontvanger.aanhef}},',
      '{{jeugdige.naam}} was in de periode {{verzuim.periode}} {{verzuim.uren}} uur ongeoorloofd afwezig van {{school.naam}}.',
      'Op {{halt.datum}} heb ik {{jeugdige.naam}} daarom doorverwezen naar Halt. Halt neemt contact met u op voor een gesprek en een passende straf (Halt-afdoening). Rondt {{jeugdige.naam}} de Halt-afdoening goed af, dan komt er geen strafblad.',
      'Rondt {{jeugdige.naam}} Halt niet goed af, dan maak ik een proces-verbaal op voor de Officier van Justitie.',
      'Vragen? Bel of mail mij via {{consulent.telefoon}} of {{consulent.email}}.',
    ],
  },
  'aanmelding-jeugdbeschermingstafel': {
    subject: 'Aanmelding Jeugdbeschermingstafel: {{jeugdige.naam}}, geboren {{jeugdige.geboortedatum}}',
    paragraphs: [
      'Geachte voorzitter,',
      'Hierbij meld ik {{jeugdige.naam}}, geboren {{jeugdige.geboortedatum}}, wonend {{jeugdige.adres}}, aan bij de Jeugdbeschermingstafel. Gezagdragers: {{gezagdragers.namen}}.',
      'Aanleiding: ongeoorloofd schoolverzuim van {{verzuim.uren}} uur in de periode {{verzuim.periode}} op {{school.naam}}. Mijn beoordeling: {{beoordeling.motivering}}',
      'Betrokken hulpverlening: {{hulp.betrokken}}. Benodigde hulp: {{hulp.nodig}}.',
      'Verloop van de zaak:\n{{verloop}}',
      'Ik vraag de tafel te bespreken of een verzoek tot onderzoek door de Raad voor de Kinderbescherming nodig is.',
    ],
  },
  'melding-raad-voor-de-kinderbescherming': {
    subject: 'Melding schoolverzuim: {{jeugdige.naam}}, geboren {{jeugdige.geboortedatum}}',
    paragraphs: [
      'Geachte heer, mevrouw,',
      'Hierbij meld ik {{jeugdige.naam}}, geboren {{jeugdige.geboortedatum}}, wonend {{jeugdige.adres}}, bij de Raad voor de Kinderbescherming met het verzoek om een onderzoek naar de noodzaak van een kinderbeschermingsmaatregel. Gezagdragers: {{gezagdragers.namen}}.',
      'Aanleiding: ongeoorloofd schoolverzuim van {{verzuim.uren}} uur in de periode {{verzuim.periode}} op {{school.naam}}. Mijn beoordeling: {{beoordeling.motivering}}',
      'Betrokken hulpverlening: {{hulp.betrokken}}. Benodigde hulp: {{hulp.nodig}}.',
      'Verloop van de zaak:\n{{verloop}}',
    ],
  },
  'proces-verbaal-concept': {
    subject: 'Concept proces-verbaal overtreding Leerplichtwet 1969: {{jeugdige.naam}}',
    paragraphs: [
      'CONCEPT - ter controle en ondertekening door de leerplichtambtenaar (buitengewoon opsporingsambtenaar)',
      'Ik, {{consulent.naam}}, {{consulent.functie}} bij {{organisatie.naam}}, verklaar het volgende.',
      'Betreft: {{jeugdige.naam}}, geboren {{jeugdige.geboortedatum}}, wonend {{jeugdige.adres}}, ingeschreven bij {{school.naam}}. Gezagdragers: {{gezagdragers.namen}}. Het proces-verbaal wordt opgemaakt tegen: {{pv.tegen}}.',
      'Feiten: ongeoorloofd schoolverzuim ({{verzuim.soort}}), in totaal {{verzuim.uren}} uur in de periode {{verzuim.periode}}, gemeld op {{melding.datum}}.\n{{verzuim.meldingen}}',
      'Hoorgesprek: {{hoorgesprek.verslag}}',
      'Beoordeling: {{beoordeling.motivering}}',
      'Wat er is gedaan:\n{{verloop}}',
      'Overtreden: artikel 2 lid 1 en/of artikel 4a, strafbaar gesteld in artikel 26 Leerplichtwet 1969.',
    ],
  },
  afsluitbrief: {
    subject: 'Afsluiting van de leerplichtzaak over {{jeugdige.naam}}',
    paragraphs: [
      '{{ontvanger.aanhef}},',
      'Op {{afsluiting.datum}} heb ik de zaak over het schoolverzuim van {{jeugdige.naam}} afgesloten. De reden: {{afsluiting.reden}}.',
      'Ik hoop dat {{jeugdige.naam}} de school goed kan volgen. Komt er een nieuwe melding van verzuim, dan neem ik opnieuw contact met u op.',
      'Vragen? Bel of mail mij via {{consulent.telefoon}} of {{consulent.email}}.',
    ],
  },
};
