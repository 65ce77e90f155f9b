import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configureCaseStack, startCaseStack, token, type CaseStack } from '../cases/case-api';
import { schemathesisBinary } from '../support/schemathesis';

configureCaseStack('schemathesis');

/**
 * Schemathesis (pinned, installed by scripts/schemathesis.js) reads /docs/openapi.json from the real API and worker
 * and sends what it generates from it: examples, boundary and negative values, fuzzed values and stateful sequences
 * (a case created, then acted on). Every check runs and none is excluded; the only setting beyond the defaults is in
 * schemathesis.toml (why 400 and 422 can answer schema-valid data). Once as an admin and once as a coordinator, as
 * the two roles reach different routes. Bounded by examples per operation and a fixed seed (set
 * SCHEMATHESIS_MAX_EXAMPLES or SCHEMATHESIS_SEED to search further), so it takes about a minute on two cores.
 */
const CONFIG = path.join(__dirname, 'schemathesis.toml');
const MAX_EXAMPLES = Number(process.env.SCHEMATHESIS_MAX_EXAMPLES ?? 10);
/** Beside the other e2e files on two busy cores a run can take minutes; each role's run gets this long. */
const RUN_TIMEOUT_MS = 480_000;
const SEED = process.env.SCHEMATHESIS_SEED ?? '20261203';

interface Run {
  code: number | null;
  output: string;
  /** Test cases generated, from the run's summary. */
  generated: number;
  /** HTTP requests sent, from the run's HAR log. */
  requests: number;
}

function runSchemathesis(binary: string, url: string, bearer: string): Promise<Run> {
  // Its own working folder: schemathesis keeps a cache of crashes (.schemathesis) where it runs.
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemathesis-'));
  const har = path.join(workDir, 'run.har');
  const args = [
    '--config-file',
    CONFIG,
    '--no-color',
    'run',
    `${url}/docs/openapi.json`,
    '--checks',
    'all',
    '--max-examples',
    String(MAX_EXAMPLES),
    '--seed',
    SEED,
    '--workers',
    '2',
    '--header',
    `Authorization: Bearer ${bearer}`,
    '--report',
    'har',
    '--report-har-path',
    har,
    '--request-timeout',
    '30',
    '--suppress-health-check',
    'too_slow,filter_too_much',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd: workDir, env: { ...process.env, PYTHONUNBUFFERED: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const requests = fs.existsSync(har) ? harEntries(har) : 0;
      fs.rmSync(workDir, { recursive: true, force: true });
      resolve({ code, output, generated: generatedCases(output), requests });
    });
  });
}

/** The test cases the run generated, from its summary line (`2295 generated, 2295 passed, 20 skipped`). */
function generatedCases(output: string): number {
  return Number(/(\d+) generated/.exec(output)?.[1] ?? 0);
}

function harEntries(file: string): number {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { log: { entries: unknown[] } }).log.entries.length;
}

describe('the OpenAPI document is a contract the API keeps (schemathesis, every check)', () => {
  let stack: CaseStack;
  let binary: string;

  beforeAll(async () => {
    binary = schemathesisBinary();
    stack = await startCaseStack();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it.each([
    ['an admin', 'admin', 'ada'],
    ['a coordinator', 'coordinator', 'alice'],
  ] as const)(
    'finds no failure, no 5xx and no schema violation acting as %s',
    async (_who, role, sub) => {
      const run = await runSchemathesis(binary, stack.api.url, await token(role, sub));
      // Its own "N generated, N passed" line; not its pytest-style "=== 3 warnings in 27s ===" closing line, which a
      // reader of the CI log (person or tool) would take for a test run that ran nothing.
      const summary = run.output.split('\n').filter((line) => / generated, /.test(line));
      process.stdout.write(
        `schemathesis as ${role}: ${run.generated} test cases, ${run.requests} requests\n${summary.join('\n')}\n`,
      );
      if (run.code !== 0) throw new Error(`schemathesis failed (exit ${run.code}):\n${run.output.slice(-20_000)}`);
      expect(run.generated).toBeGreaterThan(500);
      expect(run.requests).toBeGreaterThanOrEqual(run.generated);
    },
    RUN_TIMEOUT_MS,
  );
});
