/**
 * Replays every stored history of every release (`histories/<release>/*.json`) against the current workflow code,
 * so a change that running cases could replay through must sit behind `patched()`. When a release is cut, record its
 * histories and its workflow bundle (for the upgrade test) with
 * `RECORD_HISTORIES=1 TZ=UTC npx jest --selectProjects workflow --testPathPatterns test/workflows/replay`; the release is the
 * version in package.json.
 */
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { decideScreening, diversionCaseWorkflowId } from '../../workflows/diversion-case/diversion-case.contract';
import { ENCRYPTED_ENCODING } from '../../src/temporal/payload-codec';
import { testDataConverter } from '../support/codec';
import { setUpHarness } from './diversion-case-harness';
import { recordHistories, RECORDED_PATHS } from './record-history';

const HISTORIES = path.resolve(__dirname, 'histories');
const RELEASES = path.resolve(__dirname, 'releases');
const CURRENT_RELEASE = `v${(JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { version: string }).version}`;

interface StoredHistory {
  release: string;
  file: string;
  workflowId: string;
  history: unknown;
}

/** Every stored history, by release; the workflow id is the case's, taken from the file's path name. */
function storedHistories(): StoredHistory[] {
  if (!existsSync(HISTORIES)) return [];
  return readdirSync(HISTORIES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((release) =>
      readdirSync(path.join(HISTORIES, release.name))
        .filter((file) => file.endsWith('.json'))
        .sort()
        .map((file) => ({
          release: release.name,
          file,
          workflowId: diversionCaseWorkflowId(`${release.name}-${file.replace(/\.run\d+\.json$/, '')}`),
          history: JSON.parse(readFileSync(path.join(HISTORIES, release.name, file), 'utf8')) as unknown,
        })),
    );
}

describe('replaying the stored diversion-case histories of every release', () => {
  const harness = setUpHarness('diversion-case-replay');
  let changedBundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    if (process.env.RECORD_HISTORIES === '1') {
      await recordHistories(harness, CURRENT_RELEASE, path.join(HISTORIES, CURRENT_RELEASE));
      // The release's own workflow code, for the upgrade test of the releases after it.
      mkdirSync(path.join(RELEASES, CURRENT_RELEASE), { recursive: true });
      writeFileSync(
        path.join(RELEASES, CURRENT_RELEASE, 'workflow-bundle.js.gz'),
        gzipSync(harness.bundle.code, { level: 9 }),
      );
    }
    changedBundle = await bundleWorkflowCode({
      workflowsPath: path.resolve(__dirname, 'fixtures/non-deterministic-workflows.ts'),
      logger: new DefaultLogger('WARN'),
    });
  });

  it(`keeps a history of every recorded path for the current release (${CURRENT_RELEASE})`, () => {
    const files = storedHistories().filter((h) => h.release === CURRENT_RELEASE);
    for (const p of RECORDED_PATHS) expect(files.map((h) => h.file)).toContain(`${p.name}.run1.json`);
    // The continue-as-new path ran more than once.
    expect(files.filter((h) => h.file.startsWith('continue-as-new.')).length).toBeGreaterThan(1);
  });

  it('replays every stored history of every release deterministically against the current code and its codec', async () => {
    const stored = storedHistories();
    const results = [];
    // The histories recorded before encryption hold plain payloads, which the codec passes through unchanged.
    const replay = { workflowBundle: harness.bundle, dataConverter: testDataConverter };
    for await (const result of Worker.runReplayHistories(replay, stored)) {
      results.push({ workflowId: result.workflowId, error: result.error?.message });
    }
    expect(results).toHaveLength(stored.length);
    expect(results.filter((r) => r.error !== undefined)).toEqual([]);
  });

  it('fails the replay with a determinism violation when the workflow changes its commands', async () => {
    const [completion] = storedHistories().filter(
      (h) => h.release === CURRENT_RELEASE && h.file === 'completion.run1.json',
    );
    expect(completion).toBeDefined();
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: changedBundle, dataConverter: testDataConverter },
        completion?.history,
        completion?.workflowId,
      ),
    ).rejects.toBeInstanceOf(DeterminismViolationError);
  });

  it('replays a case run through the payload codec, and cannot without it', async () => {
    const handle = await harness.start(await harness.referral('REPLAY-ENCRYPTED'));
    await harness.act(handle, decideScreening, { decision: 'accept' });
    const history = await handle.fetchHistory();
    const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    expect(Buffer.from(input?.metadata?.encoding ?? []).toString()).toBe(ENCRYPTED_ENCODING);

    await expect(
      Worker.runReplayHistory({ workflowBundle: harness.bundle, dataConverter: testDataConverter }, history),
    ).resolves.toBeUndefined();
    // Without the codec the workflow cannot read its input; even that failure's message is encoded, not plain.
    await expect(Worker.runReplayHistory({ workflowBundle: harness.bundle }, history)).rejects.toThrow(
      /Encoded failure/,
    );
  });
});
