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
  healthcheck?: { test?: string[] };
  volumes?: string[];
}

const ROOT = path.resolve(__dirname, '../..');
const PROBE = 'dist/src/observability/probe.js';

const composeText = fs.readFileSync(path.resolve(__dirname, '../../docker-compose.yml'), 'utf8');
const compose = parse(composeText, { merge: true }) as { services: Record<string, ComposeService> };

describe('docker-compose.yml', () => {
  it('describes the production-like stack', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      [
        'api',
        'grafana',
        'mailpit',
        'migrate',
        'postgres',
        'prometheus',
        'temporal',
        'temporal-setup',
        'temporal-ui',
        'worker',
      ].sort(),
    );
    expect(compose.services.api?.command).toEqual(['node', 'dist/src/main.js']);
    expect(compose.services.worker?.command).toEqual([
      'node',
      `--max-old-space-size=${compose.services.worker?.environment?.WORKER_MAX_HEAP_MB}`,
      'dist/src/worker.js',
    ]);
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

  it('checks the api and the worker with their readiness probes, the image with the api liveness probe', () => {
    expect(compose.services.api?.healthcheck?.test).toEqual(['CMD', 'node', PROBE, 'api', 'ready']);
    expect(compose.services.worker?.healthcheck?.test).toEqual(['CMD', 'node', PROBE, 'worker', 'ready']);
    expect(fs.existsSync(path.join(ROOT, 'src/observability/probe.ts'))).toBe(true);
    const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`CMD ["node", "${PROBE}", "api", "live"]`);
    // A supported Node LTS line for both stages.
    expect(dockerfile.match(/^FROM node:(\d+)-/gm)).toEqual(['FROM node:22-', 'FROM node:22-']);
  });

  it('mounts the Prometheus and Grafana configuration that exists in the repository', () => {
    for (const name of ['prometheus', 'grafana']) {
      for (const volume of compose.services[name]?.volumes ?? []) {
        if (!volume.startsWith('./')) continue;
        expect(fs.existsSync(path.join(ROOT, volume.split(':')[0] ?? ''))).toBe(true);
      }
    }
  });

  it('registers every custom search attribute the workflows set', () => {
    const setup = String(compose.services['temporal-setup']?.command);
    for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) {
      expect(setup).toContain(`${name}=${type}`);
    }
  });
});
