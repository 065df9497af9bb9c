/**
 * `npm run token -- <role> [--sub id] [--gemeenten GM0505,GM0590] [--school 12AB]`
 * Mints a development token with the local issuer's key (.data/dev-issuer-key.json), for curl.
 * Roles: consultant, teamlead, management, admin, school, partner, privacy.
 */
import path from 'node:path';
import { ZHZ_GEMEENTEN } from '../domain/policy';
import { mintToken } from './dev/oidc-issuer';

const args = process.argv.slice(2);
const role = args[0];
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
if (!role || !['consultant', 'teamlead', 'management', 'admin', 'school', 'partner', 'privacy'].includes(role)) {
  process.stderr.write('usage: npm run token -- <consultant|teamlead|management|admin|school|partner|privacy> [--sub id] [--gemeenten GM0505,...] [--school 12AB]\n');
  process.exit(2);
}
const issuer = process.env.OIDC_ISSUER ?? `http://127.0.0.1:${process.env.DEV_OIDC_PORT ?? 8480}`;
const keyFile = path.resolve(__dirname, '..', '.data', 'dev-issuer-key.json');
mintToken(keyFile, issuer, {
  sub: opt('sub') ?? `${role}-dev`,
  role,
  gemeenten: (opt('gemeenten') ?? ZHZ_GEMEENTEN.map((g) => g.code).join(',')).split(',').filter(Boolean),
  schoolBrin: opt('school') ?? (role === 'school' ? '12AB' : undefined),
}).then(
  (t) => process.stdout.write(`${t}\n`),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
