import { parseArgs } from 'node:util';
import { loadEnvironment } from '../config/configuration';
import { isStaffRole } from './auth.types';
import { readDevSecret } from './dev-secret';
import { mintDevToken } from './dev-token';

const USAGE =
  'usage: npm run token -- --role <coordinator|prosecutor|clerk|admin> [--role ...] --sub <id> [--court <court>] [--expires 12h]';

/**
 * `npm run token`: prints a development bearer token signed with AUTH_JWT_SECRET, or with the secret `npm start`
 * generated under DATA_DIR when that is unset.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true },
      sub: { type: 'string' },
      court: { type: 'string' },
      expires: { type: 'string' },
    },
  });
  const roles = values.role ?? [];
  if (!values.sub || roles.length === 0 || !roles.every(isStaffRole)) throw new Error(USAGE);
  const environment = loadEnvironment();
  const secret = environment.auth.jwtSecret ?? readDevSecret(environment.embedded.dataDir);
  if (!secret) {
    throw new Error(`no signing secret: set AUTH_JWT_SECRET, or run \`npm start\` once to generate one in DATA_DIR`);
  }
  const token = await mintDevToken(secret, {
    sub: values.sub,
    roles: roles.filter(isStaffRole),
    ...(values.court ? { court: values.court } : {}),
    ...(values.expires ? { expiresIn: values.expires } : {}),
    ...(environment.auth.issuer ? { issuer: environment.auth.issuer } : {}),
    ...(environment.auth.audience ? { audience: environment.auth.audience } : {}),
  });
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
