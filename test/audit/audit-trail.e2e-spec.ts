import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import {
  call,
  caseNumber,
  completeCase,
  configureCaseStack,
  referral,
  startCaseStack,
  token,
  type CaseStack,
} from '../cases/case-api';
import { PROJECT_ROOT } from '../support/build';

configureCaseStack('audit-trail');

const run = promisify(execFile);

interface EventBody {
  sequence: number;
  type: string;
  hash: string;
  previousHash?: string;
}

/** `npm run audit:verify`, as built by the e2e set-up, against this run's database. */
async function verifyAudit(): Promise<{ code: number; stdout: string }> {
  const script = path.join(PROJECT_ROOT, 'dist', 'src', 'audit', 'verify-audit.js');
  try {
    const { stdout } = await run(process.execPath, [script], { env: { ...process.env }, timeout: 60_000 });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '' };
  }
}

describe('the audit trail', () => {
  let stack: CaseStack;
  let url: string;
  let alice: string;
  let pat: string;
  let db: Client;

  beforeAll(async () => {
    stack = await startCaseStack();
    url = stack.api.url;
    [alice, pat] = await Promise.all([token('coordinator', 'alice'), token('prosecutor', 'pat')]);
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await stack?.close();
  });

  it('records every transition of a case once, in order, each row chained to the one before', async () => {
    const number = caseNumber('AUDIT');
    await call(url, 'POST', '/cases', { token: alice, body: referral(number) });
    await completeCase(url, { coordinator: alice, prosecutor: pat }, number, { restitutionCents: 500, hours: 2 });

    const events = await call<EventBody[]>(url, 'GET', `/cases/${number}/events`, { token: pat });
    expect(events.body.map((e) => e.sequence)).toEqual(events.body.map((_, i) => i + 1));
    expect(events.body[0]?.previousHash).toBeUndefined();
    for (const [i, event] of events.body.entries()) {
      if (i > 0) expect(event.previousHash).toBe(events.body[i - 1]?.hash);
    }
    expect(events.body.map((e) => e.type)).toEqual(
      expect.arrayContaining(['case_referred', 'screening_accepted', 'closure_approved']),
    );
    const { rows } = await db.query<{ count: string }>(
      'SELECT count(*) FROM case_events WHERE case_number = $1 GROUP BY event_key HAVING count(*) > 1',
      [number],
    );
    expect(rows).toEqual([]);
  });

  it('refuses to update or delete an audit row', async () => {
    await expect(
      db.query(`UPDATE case_events SET type = 'x' WHERE id = (SELECT min(id) FROM case_events)`),
    ).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM case_events')).rejects.toThrow(/append-only/);
  });

  it('verifies every chain with npm run audit:verify, and names the first row someone tampered with', async () => {
    const number = caseNumber('TAMPER');
    await call(url, 'POST', '/cases', { token: alice, body: referral(number) });
    await call(url, 'POST', `/cases/${number}/notes`, { token: alice, body: { text: 'first' } });
    await call(url, 'POST', `/cases/${number}/notes`, { token: alice, body: { text: 'second' } });

    const clean = await verifyAudit();
    expect(clean).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK: \d+ events in \d+ cases/) });

    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM case_events WHERE case_number = $1 AND type = 'note_added' ORDER BY sequence LIMIT 1`,
      [number],
    );
    const tampered = rows[0]?.id ?? '';
    await db.query('ALTER TABLE case_events DISABLE TRIGGER case_events_append_only');
    try {
      await db.query(`UPDATE case_events SET actor_id = 'mallory' WHERE id = $1`, [tampered]);
    } finally {
      await db.query('ALTER TABLE case_events ENABLE TRIGGER case_events_append_only');
    }

    const broken = await verifyAudit();
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`BROKEN: case ${number}, row id ${tampered}`);
    expect(broken.stdout).toContain('hash does not match the row content');
  });
});
