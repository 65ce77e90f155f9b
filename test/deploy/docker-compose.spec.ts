import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ENVIRONMENT_KEYS, parseEnvironment, requireServerSettings } from '../../src/config/environment';
import { SEARCH_ATTRIBUTES } from '../../src/temporal/search-attributes';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number>;
}

const composeText = fs.readFileSync(path.resolve(__dirname, '../../docker-compose.yml'), 'utf8');
const compose = parse(composeText, { merge: true }) as { services: Record<string, ComposeService> };

describe('docker-compose.yml', () => {
  it('describes the production-like stack', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['api', 'mailpit', 'migrate', 'postgres', 'temporal', 'temporal-setup', 'temporal-ui', 'worker'].sort(),
    );
    expect(compose.services.api?.command).toEqual(['node', 'dist/src/main.js']);
    expect(compose.services.worker?.command).toEqual(['node', 'dist/src/worker.js']);
  });

  it.each(['api', 'worker', 'migrate'])('sets only variables the configuration accepts for %s', (name) => {
    const environment = compose.services[name]?.environment ?? {};

    expect(Object.keys(environment).length).toBeGreaterThan(0);
    const unknown = Object.keys(environment).filter((key) => !(ENVIRONMENT_KEYS as readonly string[]).includes(key));
    expect(unknown).toEqual([]);
    const values = Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, String(value)]));
    expect(() => requireServerSettings(parseEnvironment(values))).not.toThrow();
  });

  it('points the api and worker at the compose Temporal and PostgreSQL, the worker at its prebuilt bundle', () => {
    for (const name of ['api', 'worker']) {
      expect(compose.services[name]?.environment).toMatchObject({
        TEMPORAL_ADDRESS: 'temporal:7233',
        DATABASE_URL: expect.stringMatching(/^postgres:\/\/.+@postgres:5432\//) as unknown,
      });
    }
    expect(compose.services.worker?.environment?.WORKFLOW_BUNDLE_PATH).toBe('dist/workflow-bundle.js');
  });

  it('registers every custom search attribute the workflows set', () => {
    const setup = String(compose.services['temporal-setup']?.command);
    for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) {
      expect(setup).toContain(`${name}=${type}`);
    }
  });
});
