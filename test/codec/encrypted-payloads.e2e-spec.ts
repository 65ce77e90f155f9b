import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { diversionCaseWorkflowId } from '../../workflows/diversion-case/diversion-case.contract';
import { ENCRYPTED_ENCODING } from '../../src/temporal/payload-codec';
import {
  call,
  caseNumber,
  configureCaseStack,
  referral,
  startCaseStack,
  token,
  type CaseStack,
} from '../cases/case-api';
import { configuredDataConverter } from '../support/codec';
import { historyPages, type HistoryPage } from '../support/history';

configureCaseStack('codec');
const UI_ORIGIN = 'http://localhost:8233';
process.env.TEMPORAL_UI_ORIGIN = UI_ORIGIN;

/** Every page of a case's history exactly as the server stores and serves it, not through any data converter. */
async function rawHistory(
  connection: Connection,
  workflowId: string,
): Promise<{ bytes: Buffer; pages: HistoryPage[] }> {
  const pages = await historyPages(connection, workflowId);
  const encode = (page: HistoryPage) =>
    temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse.encode(page).finish();
  return { bytes: Buffer.concat(pages.map(encode)), pages };
}

const b64 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('base64');
const toJson = (payload: temporal.api.common.v1.IPayload) => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
  data: b64(payload.data),
});

describe('encrypted Temporal payloads', () => {
  let stack: CaseStack;
  let url: string;
  let connection: Connection;
  let alice: string;
  let admin: string;
  let pat: string;
  const number = caseNumber('CODEC');
  const marker = number.replace(/[^A-Za-z0-9]/g, '');
  const secrets = {
    note: `Spoke with the family about the broken fence ${marker}`,
    location: `Fruitvale Branch Library, room ${marker}`,
    offence: `PC 594 ${marker}`,
    court: `Superior Court ${marker}`,
  };
  let startedInput: temporal.api.common.v1.IPayload | undefined;

  beforeAll(async () => {
    stack = await startCaseStack();
    url = stack.api.url;
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
    [alice, admin, pat] = await Promise.all([
      token('coordinator', 'alice'),
      token('admin', 'ada'),
      token('prosecutor', 'pat'),
    ]);
    const body = referral(number, {
      court: secrets.court,
      offence: { code: secrets.offence, category: 'vandalism', severity: 'misdemeanor' },
    });
    expect((await call(url, 'POST', '/cases', { token: alice, body })).status).toBe(201);
    const steps: Array<[string, unknown]> = [
      [`/cases/${number}/notes`, { text: secrets.note }],
      [`/cases/${number}/screening`, { decision: 'accept' }],
      [`/cases/${number}/participant-response`, { response: 'accept', acknowledgesResponsibility: true }],
    ];
    for (const [path, step] of steps) {
      const result = await call(url, 'POST', path, { token: alice, body: step });
      expect({ path, status: result.status }).toEqual({ path, status: 200 });
    }
    const created = await call<{ victims: { victimId: string }[] }>(url, 'GET', `/cases/${number}`, { token: alice });
    const victimId = created.body.victims[0]?.victimId ?? '';
    await call(url, 'POST', `/cases/${number}/victims/${victimId}/response`, {
      token: alice,
      body: { response: 'participate' },
    });
    const scheduled = await call(url, 'POST', `/cases/${number}/conference`, {
      token: alice,
      body: { at: new Date(Date.now() + 3_600_000).toISOString(), location: secrets.location },
    });
    expect(scheduled.status).toBe(200);
  });

  afterAll(async () => {
    await connection?.close();
    await stack?.close();
  });

  it('keeps the note, the conference location, the offence and the court out of the stored history', async () => {
    const { bytes, pages } = await rawHistory(connection, diversionCaseWorkflowId(number));
    const events = pages.flatMap((page) => page.history?.events ?? []);
    startedInput = events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0] ?? undefined;

    // The search does see plain bytes: the workflow id and the encoding label are stored as they are.
    expect(bytes.includes(diversionCaseWorkflowId(number))).toBe(true);
    expect(bytes.includes(ENCRYPTED_ENCODING)).toBe(true);
    expect(events.length).toBeGreaterThan(10);
    const found = Object.entries(secrets).filter(([, text]) => bytes.includes(text) || bytes.includes(marker));
    expect(found).toEqual([]);
    expect(Buffer.from(startedInput?.metadata?.encoding ?? []).toString()).toBe(ENCRYPTED_ENCODING);
  });

  it('still answers the case decoded through the API', async () => {
    const view = await call<{
      notes: { text: string }[];
      conference: { location?: string };
      offence: { code: string };
    }>(url, 'GET', `/cases/${number}`, { token: alice });
    expect(view.body.notes.map((n) => n.text)).toContain(secrets.note);
    expect(view.body.conference.location).toBe(secrets.location);
  });

  it('reads the history decoded with the service keys through the data converter', async () => {
    const client = new Client({ connection, dataConverter: configuredDataConverter() });
    const described = await client.workflow.getHandle(diversionCaseWorkflowId(number)).describe();
    expect(described.status.name).toBe('RUNNING');
    const [decoded] = (await configuredDataConverter().payloadCodecs?.[0]?.decode([startedInput!])) ?? [];
    expect(Buffer.from(decoded?.data ?? []).toString()).toContain(secrets.offence);
  });

  describe('the codec endpoint for the Temporal Web UI', () => {
    const post = (path: string, headers: Record<string, string>, body: unknown) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers },
        body: JSON.stringify(body),
      });

    it('decodes a stored payload for an admin or a prosecutor, as the Web UI asks', async () => {
      for (const as of [admin, pat]) {
        const response = await post(
          '/codec/decode',
          { authorization: `Bearer ${as}`, origin: UI_ORIGIN },
          {
            payloads: [toJson(startedInput!)],
          },
        );
        expect(response.status).toBe(200);
        expect(response.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
        const { payloads } = (await response.json()) as {
          payloads: { metadata: Record<string, string>; data: string }[];
        };
        expect(Buffer.from(payloads[0]?.metadata.encoding ?? '', 'base64').toString()).toBe('json/plain');
        expect(Buffer.from(payloads[0]?.data ?? '', 'base64').toString()).toContain(secrets.offence);
      }
    });

    it('encodes for an admin, and what it encodes decodes back', async () => {
      const plain = {
        metadata: { encoding: b64(Buffer.from('json/plain')) },
        data: b64(Buffer.from('"typed in the UI"')),
      };
      const encoded = await post('/codec/encode', { authorization: `Bearer ${admin}` }, { payloads: [plain] });
      expect(encoded.status).toBe(200);
      const sealed = (await encoded.json()) as { payloads: { metadata: Record<string, string>; data: string }[] };
      expect(Buffer.from(sealed.payloads[0]?.metadata.encoding ?? '', 'base64').toString()).toBe(ENCRYPTED_ENCODING);

      const decoded = await post('/codec/decode', { authorization: `Bearer ${admin}` }, sealed);
      expect(await decoded.json()).toEqual({ payloads: [plain] });
    });

    it('answers 401 without a token and 403 to roles that may not decode or encode', async () => {
      const body = { payloads: [toJson(startedInput!)] };
      expect((await post('/codec/decode', {}, body)).status).toBe(401);
      expect((await post('/codec/decode', { authorization: 'Bearer not-a-token' }, body)).status).toBe(401);
      expect((await post('/codec/decode', { authorization: `Bearer ${alice}` }, body)).status).toBe(403);
      expect((await post('/codec/encode', { authorization: `Bearer ${pat}` }, body)).status).toBe(403);
    });

    it('refuses another namespace, a tampered payload and a malformed body with a 400 that says why', async () => {
      const auth = { authorization: `Bearer ${admin}` };
      const other = await post('/codec/decode', { ...auth, 'x-namespace': 'payments' }, { payloads: [] });
      expect(other.status).toBe(400);
      expect(((await other.json()) as { message: string }).message).toContain('X-Namespace "payments"');

      const tampered = toJson(startedInput!);
      tampered.data = b64(
        Buffer.from(Buffer.from(tampered.data, 'base64').map((byte, i) => (i === 30 ? byte ^ 1 : byte))),
      );
      const refused = await post('/codec/decode', auth, { payloads: [tampered] });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { message: string }).message).toContain('failed authentication');

      const malformed = await post('/codec/decode', auth, { payloads: [{ data: 'not base64!' }] });
      expect(malformed.status).toBe(400);
    });

    it('answers the Web UI origin’s CORS preflight, and no other origin’s', async () => {
      const preflight = (origin: string) =>
        fetch(`${url}/codec/decode`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization,content-type,x-namespace',
          },
        });

      const allowed = await preflight(UI_ORIGIN);
      expect(allowed.status).toBe(204);
      expect(Object.fromEntries([...allowed.headers].filter(([name]) => name.startsWith('access-control-')))).toEqual({
        'access-control-allow-origin': UI_ORIGIN,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'Authorization, Content-Type, X-Namespace',
        'access-control-max-age': '600',
      });

      const other = await preflight('https://evil.example');
      expect(other.status).toBe(403);
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const cross = await post(
        '/codec/decode',
        { authorization: `Bearer ${admin}`, origin: 'https://evil.example' },
        {
          payloads: [toJson(startedInput!)],
        },
      );
      expect(cross.status).toBe(403);
      expect(await cross.text()).not.toContain(secrets.offence);
    });
  });
});
