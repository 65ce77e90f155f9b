import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  addNote,
  approveClosure,
  decideScreening,
  diversionCaseWorkflowId,
  extendObligation,
  reassignCoordinator,
  recordAgreement,
  recordConferenceOutcome,
  recordParticipantResponse,
  recordProgress,
  recordVictimResponse,
  requestReturn,
  returnToProsecution,
  scheduleConference,
  type ObligationInput,
} from '../../workflows/diversion-case/diversion-case.contract';
import { DAY, HOUR, PROSECUTOR, type CaseHandle, type DiversionCaseHarness } from './diversion-case-harness';

const ADMIN = { id: 'admin-1', role: 'admin' } as const;

/** Takes a started case through screening, consent and a held conference to the agreement stage. */
async function toAgreement(harness: DiversionCaseHarness, handle: CaseHandle, caseNumber: string): Promise<void> {
  await harness.act(handle, decideScreening, { decision: 'accept' });
  await harness.act(handle, recordParticipantResponse, { response: 'accept', acknowledgesResponsibility: true });
  await harness.act(handle, recordVictimResponse, { victimId: `victim-${caseNumber}`, response: 'participate' });
  const at = (await harness.now()) + 3 * DAY;
  await harness.act(handle, scheduleConference, { atMs: at, location: 'room-1' });
  await harness.sleepUntil(at + HOUR);
  await harness.act(handle, recordConferenceOutcome, { outcome: 'held' });
}

async function agree(harness: DiversionCaseHarness, handle: CaseHandle, ids: string[], days: number): Promise<void> {
  const dueMs = (await harness.now()) + days * DAY;
  const obligations = ids.map((id): ObligationInput => ({ id, type: 'apology_letter', dueMs }));
  await harness.act(handle, recordAgreement, { obligations });
}

/** One recorded path: the case it runs and how it runs it (the case must end). */
interface RecordedPath {
  name: string;
  input?: Parameters<DiversionCaseHarness['start']>[1];
  run(harness: DiversionCaseHarness, handle: CaseHandle, caseNumber: string): Promise<void>;
}

/** One history per path a running case can take (issue: at least completion, return, reviews, reassignment, CAN). */
export const RECORDED_PATHS: readonly RecordedPath[] = [
  {
    name: 'completion',
    async run(harness, handle, caseNumber) {
      await toAgreement(harness, handle, caseNumber);
      await agree(harness, handle, ['letter'], 10);
      await harness.sleep(8 * DAY);
      await harness.act(handle, recordProgress, { obligationId: 'letter', completed: true });
      await harness.act(handle, approveClosure, { actor: PROSECUTOR, recommendation: 'charges_not_filed' });
    },
  },
  {
    name: 'return',
    async run(harness, handle) {
      await harness.act(handle, decideScreening, { decision: 'accept' });
      await harness.act(handle, requestReturn, { reasonCode: 'PARTICIPANT_UNREACHABLE' });
      await harness.act(handle, returnToProsecution, { actor: PROSECUTOR, reasonCode: 'PARTICIPANT_UNREACHABLE' });
    },
  },
  {
    name: 'several-reviews',
    async run(harness, handle, caseNumber) {
      await toAgreement(harness, handle, caseNumber);
      await agree(harness, handle, ['letter', 'essay'], 10);
      // Both obligations pass their grace period at the same instant: two reviews open side by side.
      await harness.sleep(30 * DAY);
      await harness.act(handle, recordProgress, { obligationId: 'letter', completed: true });
      await harness.act(handle, extendObligation, {
        obligationId: 'essay',
        newDueMs: (await harness.now()) + 5 * DAY,
        reason: 'asked for more time',
      });
      await harness.act(handle, recordProgress, { obligationId: 'essay', completed: true });
      await harness.act(handle, approveClosure, { actor: PROSECUTOR, recommendation: 'dismissal' });
    },
  },
  {
    name: 'reassignment',
    async run(harness, handle) {
      await harness.act(handle, reassignCoordinator, { actor: ADMIN, coordinatorId: 'coord-2', reason: 'on leave' });
      await harness.sleep(5 * DAY);
      await harness.act(handle, returnToProsecution, { actor: PROSECUTOR, reasonCode: 'NEW_CHARGES' });
    },
  },
  {
    name: 'continue-as-new',
    input: { options: { continueAsNewAfterHistoryEvents: 60 } },
    async run(harness, handle) {
      for (let i = 1; i <= 12; i++) {
        await harness.act(handle, addNote, { text: `call ${i}` });
        await harness.sleep(DAY);
      }
      await harness.act(handle, returnToProsecution, { actor: PROSECUTOR, reasonCode: 'NEW_CHARGES' });
    },
  },
];

/**
 * Runs each path to its end on the time-skipping server and writes its histories as JSON into `dir`: one file per
 * run (`<path>.run<N>.json`), so a case that continued as new is replayed run by run. Returns the files written.
 */
export async function recordHistories(harness: DiversionCaseHarness, release: string, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const p of RECORDED_PATHS) {
    const caseNumber = `${release}-${p.name}`;
    const handle = await harness.start(await harness.referral(caseNumber), p.input);
    await p.run(harness, handle, caseNumber);
    await handle.result();
    const client = harness.env.client.workflow;
    // Walk the chain of runs from the first one.
    let runId: string | undefined = (handle as WorkflowHandleWithFirstExecutionRunId).firstExecutionRunId;
    for (let run = 1; runId; run++) {
      const history = await client.getHandle(diversionCaseWorkflowId(caseNumber), runId).fetchHistory();
      const file = path.join(dir, `${p.name}.run${run}.json`);
      writeFileSync(file, historyToJSON(history));
      files.push(file);
      const last = history.events?.at(-1);
      runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    }
  }
  return files;
}
