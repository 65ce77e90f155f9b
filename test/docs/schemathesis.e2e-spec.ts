import { spawn } from 'node:child_process';
import path from 'node:path';
import { configureCaseStack, startCaseStack, token, type CaseStack } from '../cases/case-api';
import { schemathesisBinary } from '../support/schemathesis';

configureCaseStack('schemathesis');

const CONFIG = path.join(__dirname, 'schemathesis.toml');
/** Bounds the run so it takes a minute or two on two cores: examples per operation, and a wall-clock budget. */
const MAX_EXAMPLES = Number(process.env.SCHEMATHESIS_MAX_EXAMPLES ?? 20);

interface Run {
  code: number | null;
  output: string;
  generated: number;
}

function runSchemathesis(binary: string, url: string, bearer: string): Promise<Run> {
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
    '20261203',
    '--workers',
    '2',
    '--header',
    `Authorization: Bearer ${bearer}`,
    '--request-timeout',
    '30',
    '--suppress-health-check',
    'too_slow,filter_too_much',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { env: { ...process.env, PYTHONUNBUFFERED: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output, generated: generatedCases(output) }));
  });
}

/** The test cases the run generated, from its summary line (`2295 generated, 2295 passed, 20 skipped`). */
function generatedCases(output: string): number {
  return Number(/(\d+) generated/.exec(output)?.[1] ?? 0);
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
  ] as const)('finds no failure, no 5xx and no schema violation acting as %s', async (_who, role, sub) => {
    const run = await runSchemathesis(binary, stack.api.url, await token(role, sub));
    const summary = run.output.split('\n').filter((line) => / generated, |={5,}.* in /.test(line));
    process.stdout.write(`schemathesis as ${role}: ${run.generated} generated test cases\n${summary.join('\n')}\n`);
    if (run.code !== 0) throw new Error(`schemathesis failed (exit ${run.code}):\n${run.output.slice(-20_000)}`);
    expect(run.generated).toBeGreaterThan(100);
  });
});
