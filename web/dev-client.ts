/**
 * The web pages' client at the development identity provider (scripts/dev/oidc-issuer.ts): used
 * when WEB_OIDC_CLIENT_SECRET is unset, which production's configuration refuses.
 */
export const DEV_WEB_CLIENT = { id: 'verzuimregie-web', secret: 'verzuimregie-web-dev-secret' };
