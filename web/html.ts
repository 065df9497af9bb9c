/**
 * The pages' HTML is the same safe-by-construction tag the school e-mails and link pages use
 * (platform/html.ts): every interpolated value is escaped unless it is already Html.
 * Attribute values must be quoted.
 */
export { escapeHtml, html, raw, SafeHtml as Html } from '../platform/html';
