import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { ParsedMail } from 'mailparser';
import { ParticipantsService } from '../../src/participants/participants.service';
import { StaffService } from '../../src/staff/staff.service';
import {
  approveClosure,
  decideScreening,
  DIVERSION_CASE_WORKFLOW_TYPE,
  diversionCaseWorkflowId,
  recordAgreement,
  recordConferenceOutcome,
  recordParticipantResponse,
  recordProgress,
  recordVictimResponse,
  returnToProsecution,
  scheduleConference,
  type ActionBase,
  type Actor,
  type CaseView,
  type Referral,
} from '../../workflows/diversion-case/diversion-case.contract';
import type { diversionCaseWorkflow } from '../../workflows/diversion-case/diversion-case.workflow';
import { compressedPolicy } from '../../workflows/diversion-case/policy';
import { startWorker, stopWorker, type RunningWorker } from '../support/servers';
import { overrideEnvironment, pdfText, restoreEnvironment, TestSmtpServer, TwilioStandIn } from './fake-providers';
import { configuredDataConverter } from '../support/codec';

/** One policy day is a minute: no reminder of the day-based schedules falls inside the test; policy hours are 2.5 s. */
const DAY_MS = 60_000;
const COORDINATOR: Actor = { id: 'del-coord', role: 'coordinator' };
const PROSECUTOR: Actor = { id: 'del-pros', role: 'prosecutor' };
const COURT = 'delivery-court';

interface Person {
  id: string;
  name: string;
  email: string;
  phone: string;
  address: string;
}

describe('whole cases through the real worker: every email and SMS the providers receive', () => {
  const smtp = new TestSmtpServer();
  const twilio = new TwilioStandIn();
  let worker: RunningWorker;
  let connection: Connection;
  let client: Client;
  const run = String(Date.now()).slice(-6);
  let requestSeq = 0;

  const person = (key: string, name: string, n: number): Person => ({
    id: `${key}-${run}`,
    name,
    email: `${key}-${run}@people.test`,
    phone: `+1555${run}${n}`,
    address: `${n} Hidden Orchard Road`,
  });
  const rp = person('rp', 'Rae Parker', 1);
  const guardian = person('guardian', 'Gloria Parker', 2);
  const victim = person('victim', 'Valeria Quintana', 3);
  const rp2 = person('rp2', 'Ray Porter', 4);
  const victim2 = person('victim2', 'Victor Ibarra', 5);
  const victims = [victim, victim2];

  beforeAll(async () => {
    await Promise.all([smtp.start(), twilio.start()]);
    overrideEnvironment({
      TEMPORAL_TASK_QUEUE: `delivery-e2e-${process.pid}`,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      TWILIO_BASE_URL: twilio.url,
      TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
      TWILIO_AUTH_TOKEN: 'delivery-auth-token',
      TWILIO_FROM: '+15550009999',
    });
    worker = await startWorker();
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
    client = new Client({ connection, dataConverter: configuredDataConverter() });
    const participants = worker.app.get(ParticipantsService, { strict: false });
    await participants.createForCase(`DEL-${run}`, [
      { ...contact(rp), role: 'responsible_party', timeZone: 'America/Chicago' },
      { ...contact(guardian), role: 'guardian', guardianOfId: rp.id, language: 'es', timeZone: 'America/Chicago' },
      { ...contact(victim), role: 'victim', contactPreference: 'email_only', timeZone: 'America/New_York' },
    ]);
    await participants.createForCase(`DEL-R-${run}`, [
      { ...contact(rp2), role: 'responsible_party', timeZone: 'America/Denver' },
      { ...contact(victim2), role: 'victim', contactPreference: 'do_not_contact', timeZone: 'America/Denver' },
    ]);
    const staff = worker.app.get(StaffService, { strict: false });
    await staff.upsert({
      id: COORDINATOR.id,
      role: 'coordinator',
      fullName: 'Cora Coordinator',
      email: 'cora@program.test',
    });
    await staff.upsert({ id: PROSECUTOR.id, role: 'prosecutor', fullName: 'Pat Prosecutor', email: 'pat@da.test' });
    await staff.upsert({
      id: 'del-clerk',
      role: 'clerk',
      fullName: 'Cleo Clerk',
      email: 'cleo@court.test',
      court: COURT,
    });
  });

  afterAll(async () => {
    await connection?.close();
    await stopWorker(worker);
    await Promise.all([smtp.stop(), twilio.stop()]);
    restoreEnvironment();
  });

  function contact(p: Person): { id: string; fullName: string; email: string; phone: string; address: string } {
    return { id: p.id, fullName: p.name, email: p.email, phone: p.phone, address: p.address };
  }

  function referral(caseNumber: string, overrides: Partial<Referral>): Referral {
    const now = Date.now();
    return {
      caseNumber,
      court: COURT,
      jurisdiction: 'county-1',
      chargingDeadlineMs: now + 400 * DAY_MS,
      chargesFiled: false,
      offence: { code: 'PC-594', category: 'vandalism', severity: 'misdemeanor' },
      responsiblePartyId: rp.id,
      victimIds: [victim.id],
      coordinatorId: COORDINATOR.id,
      prosecutorId: PROSECUTOR.id,
      referralDateMs: now,
      ...overrides,
    };
  }

  type Handle = WorkflowHandle<typeof diversionCaseWorkflow>;

  async function start(r: Referral): Promise<Handle> {
    return client.workflow.start<typeof diversionCaseWorkflow>(DIVERSION_CASE_WORKFLOW_TYPE, {
      taskQueue: process.env.TEMPORAL_TASK_QUEUE!,
      workflowId: diversionCaseWorkflowId(r.caseNumber),
      args: [{ referral: r, policy: compressedPolicy(DAY_MS) }],
    });
  }

  async function act<T extends ActionBase>(
    handle: Handle,
    update: UpdateDefinition<CaseView, [T]>,
    body: Omit<T, 'requestId' | 'actor'> & { actor?: Actor },
  ): Promise<CaseView> {
    const requestId = `del-${run}-${++requestSeq}`;
    const arg = { actor: COORDINATOR, ...body, requestId } as unknown as T;
    return handle.executeUpdate(update, { args: [arg], updateId: requestId });
  }

  const mailTo = (address: string): ParsedMail[] => smtp.to(address);
  const subjects = (address: string): string[] => mailTo(address).map((m) => m.subject ?? '');

  /** Everything a mail carries a reader could see: subject, text, HTML and attachments (PDF text decoded). */
  function readable(mail: ParsedMail): string {
    const attachments = mail.attachments.map((a) =>
      a.contentType === 'application/pdf' ? pdfText(a.content) : a.content.toString('utf8'),
    );
    return [mail.subject ?? '', mail.text ?? '', typeof mail.html === 'string' ? mail.html : '', ...attachments].join(
      '\n',
    );
  }

  /** Exactly these messages: one subject per pattern, nothing else. */
  function expectSubjects(address: string, patterns: RegExp[]): void {
    const got = subjects(address);
    expect(got).toHaveLength(patterns.length);
    for (const pattern of patterns) expect(got.filter((s) => pattern.test(s))).toHaveLength(1);
  }

  function expectNoVictimData(text: string): void {
    for (const v of victims)
      for (const secret of [v.name, v.email, v.phone, v.address]) expect(text).not.toContain(secret);
  }

  it('completes a case and delivers exactly the expected messages, none of them carrying victim data where it must not', async () => {
    const caseNumber = `DEL-${run}`;
    const handle = await start(referral(caseNumber, { guardianId: guardian.id }));
    await act(handle, decideScreening, { decision: 'accept' });
    await act(handle, recordParticipantResponse, { response: 'accept', acknowledgesResponsibility: true });
    await act(handle, recordVictimResponse, { victimId: victim.id, response: 'participate' });
    const conferenceAt = Date.now() + 8_000;
    await act(handle, scheduleConference, { atMs: conferenceAt, location: 'Community Center, Room 2' });
    await new Promise((resolve) => setTimeout(resolve, conferenceAt - Date.now() + 500));
    await act(handle, recordConferenceOutcome, { outcome: 'held' });
    await act(handle, recordAgreement, {
      obligations: [{ id: 'letter', type: 'apology_letter', dueMs: Date.now() + 30 * DAY_MS }],
    });
    await act(handle, recordProgress, { obligationId: 'letter', completed: true });
    await act(handle, approveClosure, { actor: PROSECUTOR, recommendation: 'charges_not_filed' });
    expect((await handle.result()).finalStage).toBe('CLOSED_COMPLETED');

    expect(subjects('cora@program.test')).toHaveLength(3);
    expectSubjects('pat@da.test', [/A case is ready for closure approval/, /Completion notice for case/]);
    expect(subjects('cleo@court.test')).toEqual([expect.stringMatching(/Completion notice for case/)]);
    expect(mailTo('cleo@court.test')[0]!.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
    expectSubjects(rp.email, [
      /^You are invited to the Restorative Justice Diversion Program$/,
      /^Invitation: restorative conference on /,
      /^Reminder: restorative conference on /,
      /^Your agreement \(version 1\)$/,
      /^Receipt: progress on your apology letter$/,
      new RegExp(`^Case ${caseNumber}: the outcome$`),
    ]);
    const copy = mailTo(rp.email).find((m) => m.subject === 'Your agreement (version 1)');
    expect(copy?.text).toMatch(/- your apology letter, due \w+day, /);
    expect(subjects(guardian.email)).toHaveLength(5);
    expect(subjects(guardian.email)).toContain(`Caso ${caseNumber}: el resultado`);
    expect(subjects(victim.email)).toHaveLength(4);
    expect(mailTo(victim.email).every((m) => m.text?.includes(victim.name))).toBe(true);
    expect(twilio.to(rp.phone)).toHaveLength(6);
    expect(twilio.to(guardian.phone)).toHaveLength(5);
    expect(twilio.to(victim.phone)).toHaveLength(0);
    expect(smtp.received.filter((m) => m.text?.includes(caseNumber) || m.subject?.includes(caseNumber))).toHaveLength(
      21,
    );
    const ids = smtp.received.map((m) => `${m.messageId}|${JSON.stringify(m.to)}`);
    expect(new Set(ids).size).toBe(ids.length);

    for (const address of [rp.email, guardian.email, 'cleo@court.test']) {
      for (const mail of mailTo(address)) expectNoVictimData(readable(mail));
    }
    for (const sms of twilio.messages) expectNoVictimData(sms.body);
  });

  it('returns a case with charges filed: return notice to the prosecutor and the clerk, no message to a victim who asked for none', async () => {
    const caseNumber = `DEL-R-${run}`;
    const before = { pat: mailTo('pat@da.test').length, cleo: mailTo('cleo@court.test').length };
    const handle = await start(
      referral(caseNumber, { responsiblePartyId: rp2.id, victimIds: [victim2.id], chargesFiled: true }),
    );
    await act(handle, decideScreening, { decision: 'accept' });
    await act(handle, recordParticipantResponse, { response: 'decline' });
    await act(handle, returnToProsecution, { actor: PROSECUTOR, reasonCode: 'DECLINED_DIVERSION', note: 'Declined.' });
    expect((await handle.result()).finalStage).toBe('CLOSED_RETURNED');

    expect(subjects('pat@da.test').slice(before.pat)).toEqual([expect.stringMatching(/Return notice for case/)]);
    expect(subjects('cleo@court.test').slice(before.cleo)).toEqual([expect.stringMatching(/Return notice for case/)]);
    expect(subjects(rp2.email)).toEqual(['You are invited to the Restorative Justice Diversion Program']);
    expect(subjects('cora@program.test').filter((s) => s.endsWith(`(case ${caseNumber})`))).toEqual([
      expect.stringMatching(/A new referral is waiting for screening/),
      expect.stringMatching(/A case needs review/),
      expect.stringMatching(/A case was returned to prosecution/),
    ]);
    expect(twilio.to(rp2.phone)).toHaveLength(1);
    expect(mailTo(victim2.email)).toHaveLength(0);
    expect(twilio.to(victim2.phone)).toHaveLength(0);
    const pdf = mailTo('cleo@court.test').at(-1)!.attachments[0]!.content;
    const text = pdfText(pdf);
    for (const expected of [caseNumber, 'PARTICIPANT_CONSENT', 'DECLINED_DIVERSION', 'Declined.']) {
      expect(text).toContain(expected);
    }
    for (const mail of [...mailTo(rp2.email), ...mailTo('cleo@court.test')]) expectNoVictimData(readable(mail));
    for (const sms of twilio.messages) expectNoVictimData(sms.body);
  });
});
