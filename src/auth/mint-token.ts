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
  const lifetime = values.expires ? durationSeconds(values.expires) : 12 * 3600;
  if (lifetime === undefined || lifetime > environment.auth.maxTokenLifetimeSeconds) {
    throw new Error(
      `--expires must be a duration such as 8h, at most ${environment.auth.maxTokenLifetimeSeconds / 3600}h (AUTH_MAX_TOKEN_HOURS)`,
    );
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

/** Seconds in a jose-style duration: 90m, 8h, 2d (s, m, h, d). */
function durationSeconds(text: string): number | undefined {
  const match = /^(\d+)\s*(s|m|h|d)$/.exec(text.trim());
  if (!match) return undefined;
  const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
