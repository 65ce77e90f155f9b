import { parseEnvironment, requireServerSettings, type Environment } from './environment';

// The process environment: the single place outside tests that reads `process.env`. Free of Nest, so the embedded
// launcher reads its settings without loading the framework its child processes run.

/** The process environment, parsed and checked. */
export function loadEnvironment(): Environment {
  return parseEnvironment(process.env);
}

/** Like `loadEnvironment`, for the API and worker, which need a database and a Temporal server to talk to. */
export function loadServerEnvironment(): Environment {
  const environment = loadEnvironment();
  requireServerSettings(environment);
  return environment;
}

/** The environment for a child server process the embedded launcher starts: ours, plus what it started for it. */
export function childProcessEnvironment(overrides: Partial<Record<string, string>>): NodeJS.ProcessEnv {
  // `npm start` is development: people read these logs, so they are pretty unless LOG_FORMAT says otherwise.
  return { LOG_FORMAT: 'pretty', ...process.env, ...overrides };
}
