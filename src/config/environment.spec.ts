import path from 'node:path';
import { ConfigurationError, parseEnvironment, requireServerSettings } from './environment';

describe('parseEnvironment', () => {
  it('gives the embedded defaults when nothing is set', () => {
    const environment = parseEnvironment({}, '/srv/app');

    expect(environment.app).toEqual({ port: 3000, logLevel: 'log' });
    expect(environment.temporal).toMatchObject({
      address: undefined,
      namespace: 'default',
      taskQueue: 'diversion-cases',
    });
    expect(environment.database.url).toBeUndefined();
    expect(environment.embedded.dataDir).toBe(path.resolve('/srv/app', '.data'));
    expect(environment.mail.outboxDir).toBe(path.resolve('/srv/app', '.data', 'outbox'));
  });

  it('reads production settings', () => {
    const environment = parseEnvironment(
      {
        PORT: '8080',
        TEMPORAL_ADDRESS: 'temporal:7233',
        TEMPORAL_NAMESPACE: 'diversion',
        DATABASE_URL: 'postgres://app:secret@db:5432/diversion',
        SMTP_URL: 'smtp://mail:1025',
        MAIL_FROM: 'Diversion Program <diversion@example.org>',
        WORKFLOW_BUNDLE_PATH: 'dist/workflow-bundle.js',
      },
      '/srv/app',
    );

    expect(environment.app.port).toBe(8080);
    expect(environment.temporal.address).toBe('temporal:7233');
    expect(environment.temporal.workflowBundlePath).toBe('/srv/app/dist/workflow-bundle.js');
    expect(environment.database.url).toBe('postgres://app:secret@db:5432/diversion');
    expect(() => requireServerSettings(environment)).not.toThrow();
  });

  it('names every bad key in one message', () => {
    let error: unknown;
    try {
      parseEnvironment({
        PORT: 'eighty',
        TEMPORAL_ADDRESS: 'http://temporal',
        DATABASE_URL: 'mysql://db/app',
        LOG_LEVEL: 'loud',
        MAIL_FROM: 'not an address',
      });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    for (const key of ['PORT', 'TEMPORAL_ADDRESS', 'DATABASE_URL', 'LOG_LEVEL', 'MAIL_FROM']) {
      expect(message).toContain(key);
    }
    expect((error as ConfigurationError).problems).toHaveLength(5);
  });

  it('tells a server process what it needs when Temporal and PostgreSQL are not configured', () => {
    expect(() => requireServerSettings(parseEnvironment({}))).toThrow(
      /TEMPORAL_ADDRESS is required[\s\S]*DATABASE_URL is required/,
    );
  });

  it('reads the observability settings: JSON logs, the worker port (0 for a free one), tracing off by default', () => {
    expect(parseEnvironment({}).observability).toEqual({
      logFormat: 'json',
      workerHttpPort: 3001,
      temporalMetricsPort: 9464,
      otlpEndpoint: undefined,
    });
    expect(
      parseEnvironment({
        LOG_FORMAT: 'pretty',
        WORKER_HTTP_PORT: '0',
        TEMPORAL_METRICS_PORT: '9999',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      }).observability,
    ).toEqual({
      logFormat: 'pretty',
      workerHttpPort: 0,
      temporalMetricsPort: 9999,
      otlpEndpoint: 'http://collector:4318',
    });
    expect(() =>
      parseEnvironment({ LOG_FORMAT: 'xml', TEMPORAL_METRICS_PORT: '0', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' }),
    ).toThrow(/LOG_FORMAT="xml"[\s\S]*TEMPORAL_METRICS_PORT="0"[\s\S]*OTEL_EXPORTER_OTLP_ENDPOINT/);
  });

  it('bounds the worker: 250 cached cases by default, every bound configurable, a heap limit only when set', () => {
    expect(parseEnvironment({}).temporal.worker).toEqual({
      maxCachedWorkflows: 250,
      maxConcurrentWorkflowTasks: 40,
      maxConcurrentActivities: 100,
      maxConcurrentLocalActivities: 100,
      maxHeapMb: undefined,
    });
    expect(
      parseEnvironment({
        WORKER_MAX_CACHED_WORKFLOWS: '20',
        WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '60',
        WORKER_MAX_CONCURRENT_ACTIVITIES: '8',
        WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES: '4',
        WORKER_MAX_HEAP_MB: '768',
      }).temporal.worker,
    ).toEqual({
      maxCachedWorkflows: 20,
      // never more workflow tasks at once than cached cases: the SDK refuses that
      maxConcurrentWorkflowTasks: 20,
      maxConcurrentActivities: 8,
      maxConcurrentLocalActivities: 4,
      maxHeapMb: 768,
    });
    expect(() =>
      parseEnvironment({
        WORKER_MAX_CACHED_WORKFLOWS: '-1',
        WORKER_MAX_HEAP_MB: '10',
        WORKER_MAX_CONCURRENT_ACTIVITIES: '1.5',
      }),
    ).toThrow(
      /WORKER_MAX_CACHED_WORKFLOWS="-1"[\s\S]*WORKER_MAX_CONCURRENT_ACTIVITIES="1.5"[\s\S]*WORKER_MAX_HEAP_MB="10"/,
    );
  });
});
