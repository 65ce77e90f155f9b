import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  approveClosure,
  decideScreening,
  recordAgreement,
  recordConferenceOutcome,
  recordParticipantResponse,
  recordProgress,
  recordVictimResponse,
  scheduleConference,
} from '../../workflows/diversion-case/diversion-case.contract';
import { DAY, HOUR, PROSECUTOR, type DiversionCaseHarness } from './diversion-case-harness';

/**
 * Runs a short happy-path case to completion on the time-skipping server and writes its history as JSON to
 * `<dir>/<caseNumber>.json`; returns the file. The replay test replays it against the current workflow code.
 */
export async function recordHappyPathHistory(
  harness: DiversionCaseHarness,
  caseNumber: string,
  dir: string,
): Promise<string> {
  const handle = await harness.start(await harness.referral(caseNumber));
  await harness.act(handle, decideScreening, { decision: 'accept' });
  await harness.act(handle, recordParticipantResponse, { response: 'accept', acknowledgesResponsibility: true });
  await harness.act(handle, recordVictimResponse, { victimId: `victim-${caseNumber}`, response: 'participate' });
  const at = (await harness.now()) + 3 * DAY;
  await harness.act(handle, scheduleConference, { atMs: at, location: 'room-1' });
  await harness.sleepUntil(at + HOUR);
  await harness.act(handle, recordConferenceOutcome, { outcome: 'held' });
  await harness.act(handle, recordAgreement, {
    obligations: [{ id: 'letter', type: 'apology_letter', dueMs: (await harness.now()) + 10 * DAY }],
  });
  await harness.sleep(8 * DAY);
  await harness.act(handle, recordProgress, { obligationId: 'letter', completed: true });
  await harness.act(handle, approveClosure, { actor: PROSECUTOR, recommendation: 'charges_not_filed' });
  await handle.result();
  const history = await handle.fetchHistory();
  const file = path.join(dir, `${caseNumber}.json`);
  writeFileSync(file, historyToJSON(history));
  return file;
}
