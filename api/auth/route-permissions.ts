import type { Permission } from '../../domain/access-policy';
import { activityOf, CASE_ACTION_ROUTES, CASE_FACT_ROUTES, SIGNAL_ACTION_ROUTES } from '../routes/case-actions';

/**
 * Every /api route with the permission it needs: the single table the API enforces (anything not
 * listed is refused) and the authorization matrix test walks. `scope` names where the data's
 * gemeente or school comes from; `personalData` routes are written to the access log.
 */
export type RoutePermission = {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  permission: Permission;
  /**
   * case, signal: the path's case or signal; melding-body: the body's gemeente and school;
   * youth: the gemeenten where the path's youth is known (youth-cases: where it has a case);
   * youth-body: the body's youth's gemeenten, or the body's gemeente for a youth not known yet;
   * query-gemeente: the `gemeente` filter (the handler narrows unfiltered answers to the caller's
   * gemeenten); query-case: the `caseId` filter; document: the case of the path's document.
   */
  scope?: 'case' | 'signal' | 'melding-body' | 'youth' | 'youth-cases' | 'youth-body' | 'query-gemeente' | 'query-case' | 'document';
  personalData?: boolean;
  /** What the access log calls this processing activity (Logboek dataverwerkingen). */
  activity: string;
};

export const ROUTE_PERMISSIONS: RoutePermission[] = [
  { method: 'POST', path: '/api/meldingen', permission: 'melding:create', scope: 'melding-body', personalData: true, activity: 'melding-registreren' },
  // A school's own meldingen (the BRIN of its token, ownSchoolBrin): the pupils' names as it reported them.
  { method: 'GET', path: '/api/school/meldingen', permission: 'melding:read-own', personalData: true, activity: 'eigen-meldingen-inzien' },
  { method: 'GET', path: '/api/school/meldingen/:meldingId', permission: 'melding:read-own', personalData: true, activity: 'eigen-melding-inzien' },
  { method: 'GET', path: '/api/cases', permission: 'queue:read', activity: 'werkvoorraad-inzien' },
  { method: 'GET', path: '/api/cases/:caseId', permission: 'case:read', scope: 'case', personalData: true, activity: 'zaak-inzien' },
  // The actions' routes and permissions come from the action registry (domain/actions).
  ...[...CASE_ACTION_ROUTES, ...CASE_FACT_ROUTES].map(
    (a): RoutePermission => ({ method: 'POST', path: `/api/cases/:caseId/${a.path}`, permission: a.permission, scope: 'case', personalData: true, activity: activityOf('zaak', a.path) }),
  ),
  { method: 'POST', path: '/api/signals', permission: 'signal:create', scope: 'melding-body', personalData: true, activity: 'signaal-registreren' },
  { method: 'GET', path: '/api/signals', permission: 'signal:read', activity: 'signalen-inzien' },
  { method: 'GET', path: '/api/signals/:signalId', permission: 'signal:read', scope: 'signal', personalData: true, activity: 'signaal-inzien' },
  ...SIGNAL_ACTION_ROUTES.map(
    (a): RoutePermission => ({
      method: 'POST',
      path: `/api/signals/:signalId/${a.path}`,
      permission: a.permission,
      scope: 'signal',
      personalData: true,
      // The access log has called the escalation 'signaal-escaleren' since it existed.
      activity: a.name === 'escalate' ? 'signaal-escaleren' : activityOf('signaal', a.path),
    }),
  ),
  { method: 'POST', path: '/api/vrijstellingen', permission: 'vrijstelling:write', scope: 'youth-body', personalData: true, activity: 'vrijstelling-registreren' },
  { method: 'GET', path: '/api/youth/:youthId/vrijstellingen', permission: 'vrijstelling:read', scope: 'youth', personalData: true, activity: 'vrijstellingen-inzien' },
  { method: 'GET', path: '/api/youth/:youthId', permission: 'youth:read', scope: 'youth', personalData: true, activity: 'jongere-inzien' },
  { method: 'PUT', path: '/api/youth/:youthId/identity', permission: 'youth:identity', scope: 'youth-cases', personalData: true, activity: 'jongere-identiteit-wijzigen' },
  { method: 'GET', path: '/api/assignment-rules', permission: 'config:read', activity: 'toewijzing-inzien' },
  { method: 'PUT', path: '/api/assignment-rules', permission: 'config:write', activity: 'toewijzing-wijzigen' },
  { method: 'GET', path: '/api/policies', permission: 'config:read', activity: 'beleid-inzien' },
  { method: 'GET', path: '/api/policies/:regionId', permission: 'config:read', activity: 'beleid-inzien' },
  { method: 'PUT', path: '/api/policies/:regionId', permission: 'config:write', activity: 'beleid-wijzigen' },
  { method: 'GET', path: '/api/school-holidays', permission: 'config:read', activity: 'schoolvakanties-inzien' },
  { method: 'GET', path: '/api/school-holidays/:region', permission: 'config:read', activity: 'schoolvakanties-inzien' },
  { method: 'PUT', path: '/api/school-holidays/:region/:schoolYear', permission: 'config:write', activity: 'schoolvakanties-wijzigen' },
  { method: 'DELETE', path: '/api/school-holidays/:region/:schoolYear', permission: 'config:write', activity: 'schoolvakanties-wijzigen' },
  { method: 'GET', path: '/api/cases/:caseId/messages', permission: 'case:read', scope: 'case', personalData: true, activity: 'zaak-berichten-inzien' },
  { method: 'GET', path: '/api/cases/:caseId/history', permission: 'audit:read', scope: 'case', personalData: true, activity: 'zaak-historie-inzien' },
  { method: 'GET', path: '/api/audit-entries', permission: 'audit:read', scope: 'query-case', personalData: true, activity: 'audittrail-inzien' },
  ...['cases', 'lead-times', 'missed-deadlines', 'leerplichttelling', 'thuiszitters', 'early-signals', 'jaarverslag'].map(
    (report): RoutePermission => ({ method: 'GET', path: `/api/reports/${report}`, permission: 'reports:read', scope: 'query-gemeente', activity: `rapportage-${report}` }),
  ),
  { method: 'GET', path: '/api/duo-feedback', permission: 'duo-feedback:export', activity: 'duo-terugmelding-inzien' },
  { method: 'POST', path: '/api/duo-feedback/export', permission: 'duo-feedback:export', activity: 'duo-terugmelding-exporteren' },
  { method: 'GET', path: '/api/access-log', permission: 'access-log:read', personalData: true, activity: 'logboek-inzien' },
  { method: 'GET', path: '/api/notifications', permission: 'notifications:read', activity: 'notificaties-inzien' },
  { method: 'POST', path: '/api/notifications/:notificationId/read', permission: 'notifications:read', activity: 'notificatie-gelezen' },
  // Letters and the persons register (issue 13).
  { method: 'GET', path: '/api/cases/:caseId/persons', permission: 'case:read', scope: 'case', personalData: true, activity: 'zaak-personen-inzien' },
  { method: 'POST', path: '/api/cases/:caseId/persons', permission: 'case:act', scope: 'case', personalData: true, activity: 'zaak-persoon-toevoegen' },
  { method: 'PUT', path: '/api/cases/:caseId/persons/:personId', permission: 'case:act', scope: 'case', personalData: true, activity: 'zaak-persoon-corrigeren' },
  { method: 'GET', path: '/api/cases/:caseId/documents', permission: 'case:read', scope: 'case', personalData: true, activity: 'zaak-documenten-inzien' },
  { method: 'GET', path: '/api/documents/:documentId', permission: 'case:read', scope: 'document', personalData: true, activity: 'document-downloaden' },
  { method: 'POST', path: '/api/documents/:documentId/remake', permission: 'case:act', scope: 'document', personalData: true, activity: 'document-opnieuw-maken' },
  { method: 'POST', path: '/api/documents/:documentId/sent', permission: 'case:act', scope: 'document', personalData: true, activity: 'document-verzonden-per-post' },
  { method: 'POST', path: '/api/documents/:documentId/send', permission: 'case:act', scope: 'document', personalData: true, activity: 'document-mailen' },
  { method: 'GET', path: '/api/letter-templates/:regionId', permission: 'config:read', activity: 'briefsjablonen-inzien' },
  { method: 'PUT', path: '/api/letter-templates/:regionId/:kind', permission: 'config:write', activity: 'briefsjabloon-wijzigen' },
  { method: 'GET', path: '/api/letter-settings/:regionId', permission: 'config:read', activity: 'briefhoofd-inzien' },
  { method: 'PUT', path: '/api/letter-settings/:regionId', permission: 'config:write', activity: 'briefhoofd-wijzigen' },
  { method: 'GET', path: '/api/staff', permission: 'config:read', activity: 'medewerkers-inzien' },
  { method: 'PUT', path: '/api/staff/:staffId', permission: 'config:write', activity: 'medewerker-wijzigen' },
];
