import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { initialState, type Case } from '../../workflows/diversion-case/case';
import {
  DIVERSION_CASE_WORKFLOW_TYPE,
  diversionCaseWorkflowId,
  type ActionName,
  type DiversionCaseInput,
} from '../../workflows/diversion-case/diversion-case.contract';
import { applyAction, startCase, validateAction } from '../../workflows/diversion-case/lifecycle';
import { compressedPolicy } from '../../workflows/diversion-case/policy';
import { caseNumber } from '../cases/referral';
import { BENCH_DAY_MS } from './service-cases';
import { SERVICE_QUEUE, type BenchStack } from './stack';

const COORDINATOR = { id: 'alice', role: 'coordinator' as const };

/**
 * A case parked in MONITORING without driving it over HTTP: the bench runs the workflow's own pure stage functions
 * (referral, screening, both consents, the conference, the agreement) and starts the workflow with the state they
 * produce, as a continue-as-new would. Its participants are written as the API writes them, and the worker writes its
 * audit events and projection in its first task, as for any case. What the bench skips is only the messages of the
 * stages it went through (none is due by then) and the HTTP calls, which the other figures measure.
 */
export async function seedCaseInMonitoring(
  stack: BenchStack,
  client: Client,
  prefix: string,
  dueMs: number,
  person: number,
): Promise<string> {
  const number = caseNumber(prefix);
  const { input, c, people } = caseInMonitoringState(number, dueMs, person, Date.now());
  await stack.query(
    `INSERT INTO participants (id, case_number, role, full_name, email, phone, preferred_channels, time_zone)
     SELECT p.id, $1, p.role, 'Jordan Rivera', p.email, p.phone,
            CASE WHEN p.phone IS NULL THEN ARRAY['email'] ELSE ARRAY['email', 'sms'] END, 'America/Los_Angeles'
       FROM json_to_recordset($2) AS p(id text, role text, email text, phone text)`,
    [number, JSON.stringify(people)],
  );
  await client.workflow.start(DIVERSION_CASE_WORKFLOW_TYPE, {
    taskQueue: SERVICE_QUEUE,
    workflowId: diversionCaseWorkflowId(number),
    args: [{ ...input, carried: c.state }],
  });
  return number;
}

/** The workflow input and the state the workflow's own stage functions reach for a case agreed just now. */
export function caseInMonitoringState(
  number: string,
  dueMs: number,
  person: number,
  now: number,
): {
  input: DiversionCaseInput;
  c: Case;
  people: Array<{ id: string; role: string; email: string; phone: string | null }>;
} {
  const people = [
    { id: randomUUID(), role: 'responsible_party', email: `seeded-${person}@example.org`, phone: phoneOf(person) },
    { id: randomUUID(), role: 'victim', email: `seeded-victim-${person}@example.org`, phone: null },
  ];
  const [party, victim] = people as [(typeof people)[0], (typeof people)[0]];
  const input: DiversionCaseInput = {
    referral: {
      caseNumber: number,
      court: 'Alameda Superior Court',
      jurisdiction: 'Alameda County',
      chargingDeadlineMs: now + 400 * 86_400_000,
      chargesFiled: false,
      offence: { code: 'PC 594', category: 'vandalism', severity: 'misdemeanor' },
      responsiblePartyId: party.id,
      victimIds: [victim.id],
      coordinatorId: 'alice',
      prosecutorId: 'pat',
      referralDateMs: now,
    },
    policy: compressedPolicy(BENCH_DAY_MS),
    recipientTimeZones: { [party.id]: 'America/Los_Angeles', [victim.id]: 'America/Los_Angeles' },
  };
  const c: Case = {
    referral: input.referral,
    policy: input.policy,
    recipientTimeZones: input.recipientTimeZones ?? {},
    state: initialState(input.referral, input.policy, now),
    outbox: [],
  };
  startCase(c, now);
  const act = (name: ActionName, arg: Record<string, unknown>, at: number) => {
    const full = { ...arg, actor: COORDINATOR, requestId: randomUUID() };
    const problem = validateAction({ ...c, nowMs: at }, name, full);
    if (problem !== undefined) throw new Error(`seeding ${number}: ${name} refused: ${JSON.stringify(problem)}`);
    applyAction(c, name, full, at);
  };
  act('decideScreening', { decision: 'accept' }, now);
  act('recordParticipantResponse', { response: 'accept', acknowledgesResponsibility: true }, now);
  act('recordVictimResponse', { victimId: victim.id, response: 'participate' }, now);
  act('scheduleConference', { atMs: now + 1, location: 'Hall' }, now);
  act('recordConferenceOutcome', { outcome: 'held' }, now + 2);
  act(
    'recordAgreement',
    { obligations: [{ id: 'pay', type: 'restitution', dueMs, amountCents: 100_000_000, payee: 'community' }] },
    now + 3,
  );
  if (c.state.stage !== 'MONITORING') throw new Error(`seeding ${number} ended in ${c.state.stage}`);
  return { input, c, people };
}

const phoneOf = (person: number) => `+1556${String(1_000_000 + person).slice(-7)}`;
