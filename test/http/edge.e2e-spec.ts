import http from 'node:http';
import { SignJWT } from 'jose';
import {
  call,
  caseNumber,
  configureCaseStack,
  referral,
  startCaseStack,
  TEST_JWT_SECRET,
  token,
  type CaseStack,
} from '../cases/case-api';

configureCaseStack('edge');

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: { statusCode?: number; message?: string | string[] } & Record<string, unknown>;
}

/** One request exactly as given (any method, any bytes), which fetch would refuse to send. */
function raw(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: Buffer | string; contentType?: string } = {},
): Promise<Raw> {
  const url = new URL(baseUrl);
  const headers: Record<string, string | number> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    headers['content-length'] = Buffer.byteLength(options.body);
  }
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, method, path, headers, timeout: 30_000 },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: Raw['body'] = {};
          try {
            body = text ? (JSON.parse(text) as Raw['body']) : {};
          } catch {
            body = { text };
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
        });
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

const messages = (body: Raw['body']): string => [body.message ?? []].flat().join('\n');

const deep = (levels: number, inner = '1'): string => `${'{"a":'.repeat(levels)}${inner}${'}'.repeat(levels)}`;

describe('the HTTP edge: hostile input is refused with a 4xx and changes nothing', () => {
  let stack: CaseStack;
  let url: string;
  let alice: string;
  let number: string;
  let participantId: string;

  beforeAll(async () => {
    stack = await startCaseStack();
    url = stack.api.url;
    alice = await token('coordinator', 'alice');
    number = caseNumber('EDGE');
    expect((await call(url, 'POST', '/cases', { token: alice, body: referral(number) })).status).toBe(201);
    const people = await call<Array<{ id: string; role: string }>>(url, 'GET', `/cases/${number}/participants`, {
      token: alice,
    });
    participantId = people.body.find((p) => p.role === 'responsible_party')?.id ?? '';
  });

  afterAll(async () => {
    await stack?.close();
  });

  async function notesAndName(): Promise<{ notes: number; fullName: unknown; demographics: unknown }> {
    const live = await call<{ notes: unknown[] }>(url, 'GET', `/cases/${number}`, { token: alice });
    const people = await call<Array<Record<string, unknown>>>(url, 'GET', `/cases/${number}/participants`, {
      token: alice,
    });
    const person = people.body.find((p) => p.id === participantId);
    return { notes: live.body.notes.length, fullName: person?.fullName, demographics: person?.demographics };
  }

  it('refuses JSON nested 15,000 levels deep with 400 on notes, referrals and participant corrections', async () => {
    const before = await notesAndName();
    const notes = await raw(url, 'POST', `/cases/${number}/notes`, { token: alice, body: deep(15_000) });
    expect(notes.status).toBe(400);
    expect(messages(notes.body)).toBe('the body nests objects and arrays deeper than 16 levels');
    const body = JSON.stringify(referral(caseNumber('DEEP'))).replace(
      '"demographics":{"ageGroup":"18-24","gender":"female"}',
      `"demographics":${deep(15_000)}`,
    );
    expect(body).toContain('"demographics":{"a":{"a":');
    expect((await raw(url, 'POST', '/cases', { token: alice, body })).status).toBe(400);
    const patch = await raw(url, 'PATCH', `/participants/${participantId}`, {
      token: alice,
      body: `{"demographics":${deep(2_000)}}`,
    });
    expect(patch.status).toBe(400);
    expect(await notesAndName()).toEqual(before);
  });

  it('refuses a body over the size limit with 413', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(200 * 1024) });
    const result = await raw(url, 'POST', `/cases/${number}/notes`, { token: alice, body: big });
    expect(result.status).toBe(413);
    expect(messages(result.body)).toMatch(/larger than 102400 bytes/);
  });

  it('refuses NUL and invalid UTF-8 in bodies and paths with 400, never 500', async () => {
    const before = await notesAndName();
    const nul = await raw(url, 'PATCH', `/participants/${participantId}`, {
      token: alice,
      body: '{"fullName":"a\\u0000b"}',
    });
    expect(nul.status).toBe(400);
    expect(messages(nul.body)).toBe('body.fullName must not contain a NUL character');
    const invalid = Buffer.concat([Buffer.from('{"text":"caf'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const bytes = await raw(url, 'POST', `/cases/${number}/notes`, { token: alice, body: invalid });
    expect(bytes.status).toBe(400);
    expect(messages(bytes.body)).toBe('the body is not valid UTF-8');
    const surrogate = await raw(url, 'POST', `/cases/${number}/notes`, { token: alice, body: '{"text":"\\udc00"}' });
    expect(surrogate.status).toBe(400);
    for (const path of ['/cases/a%00b', '/participants/%00', '/cases/%ff', `/cases?coordinatorId=%00`]) {
      const method = path.startsWith('/participants') ? 'PATCH' : 'GET';
      const result = await raw(url, method, path, { token: alice, ...(method === 'PATCH' ? { body: '{}' } : {}) });
      expect({ path, status: result.status }).toEqual({ path, status: 400 });
      expect(messages(result.body)).toMatch(/NUL character|not valid percent-encoded UTF-8/);
    }
    expect(await notesAndName()).toEqual(before);
  });

  it('refuses __proto__, constructor and prototype keys anywhere in a body, naming where', async () => {
    const before = await notesAndName();
    const cases: Array<[string, string, string, string]> = [
      ['POST', `/cases/${number}/notes`, '{"text":"hi","__proto__":{"admin":true}}', 'body.__proto__'],
      [
        'PATCH',
        `/participants/${participantId}`,
        '{"demographics":{"constructor":{"x":1}}}',
        'body.demographics.constructor',
      ],
      ['POST', `/cases/${number}/agreement`, '{"obligations":[{"prototype":1}]}', 'body.obligations[0].prototype'],
    ];
    for (const [method, path, body, where] of cases) {
      const result = await raw(url, method, path, { token: alice, body });
      expect({ path, status: result.status }).toEqual({ path, status: 400 });
      expect(messages(result.body)).toMatch(
        new RegExp(`^${where.replace(/[.[\]]/g, '\\$&')}: the key \\w+ is not allowed$`),
      );
    }
    expect(await notesAndName()).toEqual(before);
  });

  it('takes JSON only on JSON routes: 415 with a message for form and text bodies', async () => {
    const before = await notesAndName();
    for (const contentType of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      const result = await raw(url, 'POST', `/cases/${number}/notes`, {
        token: alice,
        body: 'text=hello',
        contentType,
      });
      expect({ contentType, status: result.status }).toEqual({ contentType, status: 415 });
      expect(messages(result.body)).toMatch(
        /^this route takes a JSON body: send it with content-type: application\/json/,
      );
    }
    // Twilio's webhook keeps its form body: it is refused for its missing signature, not its content type.
    const webhook = await raw(url, 'POST', '/webhooks/sms', {
      body: 'From=%2B15551230001&Body=HELP',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(webhook.status).toBe(403);
    expect(await notesAndName()).toEqual(before);
  });

  it('takes demographics only in their declared shape', async () => {
    const before = await notesAndName();
    const unknown = await call(url, 'PATCH', `/participants/${participantId}`, {
      token: alice,
      body: { demographics: { ageGroup: '18-24', shoeSize: 44 } },
    });
    expect(unknown.status).toBe(400);
    expect(messages(unknown.body)).toMatch(/demographics\.property shoeSize should not exist/);
    const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, 'v']));
    expect(
      (await call(url, 'PATCH', `/participants/${participantId}`, { token: alice, body: { demographics: many } }))
        .status,
    ).toBe(400);
    const value = await call(url, 'PATCH', `/participants/${participantId}`, {
      token: alice,
      body: { demographics: { ageGroup: 'ancient' } },
    });
    expect(value.status).toBe(400);
    expect(messages(value.body)).toMatch(/demographics\.ageGroup must be one of the following values: under-18, 18-24/);
    expect(await notesAndName()).toEqual(before);
    const ok = await call(url, 'PATCH', `/participants/${participantId}`, {
      token: alice,
      body: { demographics: { ageGroup: '25-34', gender: 'non_binary', raceEthnicity: 'asian' } },
    });
    expect(ok.status).toBe(200);
  });

  it('bounds amounts, hours and dates, naming the field and the allowed range', async () => {
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const agreement = await call(url, 'POST', `/cases/${number}/agreement`, {
      token: alice,
      body: {
        obligations: [
          { id: 'pay', type: 'restitution', due, amountCents: 1e300, payee: 'community' },
          { id: 'serve', type: 'community_service', due, hours: 1e308 },
        ],
      },
    });
    expect(agreement.status).toBe(400);
    expect(messages(agreement.body)).toMatch(/amountCents must not be greater than 100000000/);
    expect(messages(agreement.body)).toMatch(/hours must not be greater than 10000/);
    const progress = await call(url, 'POST', `/cases/${number}/obligations/serve/progress`, {
      token: alice,
      body: { hours: 1e308 },
    });
    expect(progress.status).toBe(400);
    expect(messages(progress.body)).toMatch(/hours must not be greater than 24/);
    const conference = await call(url, 'POST', `/cases/${number}/conference`, {
      token: alice,
      body: { at: '9999-12-31T10:00:00Z', location: 'Room 2' },
    });
    expect(conference.status).toBe(400);
    expect(messages(conference.body)).toMatch(
      /^at must be between \d{4}-\d\d-\d\d and \d{4}-\d\d-\d\d \(1 days before to 730 days after today\)$/m,
    );

    const early = caseNumber('DATES');
    const dates = await call(url, 'POST', '/cases', {
      token: alice,
      body: referral(early, { chargingDeadline: '1970-01-01', referralDate: '9999-12-31' }),
    });
    expect(dates.status).toBe(400);
    expect(messages(dates.body)).toMatch(/referralDate must be between .* \(365 days before to 1 days after today\)/);
    expect(messages(dates.body)).toMatch(
      /chargingDeadline must be between .* \(0 days before to 3650 days after the referral date\)/,
    );
    const past = await call(url, 'POST', '/cases', {
      token: alice,
      body: referral(early, { chargingDeadline: '1970-01-01' }),
    });
    expect(past.status).toBe(400);
    expect(messages(past.body)).toMatch(/chargingDeadline must be between .* after today\)/);
    expect((await call(url, 'GET', `/cases/${early}`, { token: alice })).status).toBe(404);
  });

  it('refuses a token without exp, or one that lives longer than 12 hours, with 401', async () => {
    const key = new TextEncoder().encode(TEST_JWT_SECRET);
    const forever = await new SignJWT({ roles: ['coordinator'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuedAt()
      .sign(key);
    const week = await new SignJWT({ roles: ['coordinator'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuedAt()
      .setExpirationTime('7d')
      .sign(key);
    const noExp = await call(url, 'GET', `/cases/${number}`, { token: forever });
    expect(noExp.status).toBe(401);
    expect(noExp.body.message).toBe('the token has no expiry (exp); ask for a token that expires');
    expect((await call(url, 'GET', `/cases/${number}`, { token: week })).status).toBe(401);
    expect((await call(url, 'GET', `/cases/${number}`, { token: alice })).status).toBe(200);
  });

  it('answers TRACE and other unsupported methods on a known path with 405 and an Allow header', async () => {
    const trace = await raw(url, 'TRACE', '/cases', { token: alice });
    expect(trace.status).toBe(405);
    expect(trace.headers.allow).toBe('GET, HEAD, POST');
    expect(messages(trace.body)).toBe('TRACE is not allowed on this path; it allows GET, HEAD, POST');
    const remove = await raw(url, 'DELETE', `/cases/${number}`, { token: alice });
    expect([remove.status, remove.headers.allow]).toEqual([405, 'GET, HEAD']);
    const put = await raw(url, 'PUT', `/participants/${participantId}`, { token: alice, body: '{}' });
    expect([put.status, put.headers.allow]).toEqual([405, 'PATCH']);
    expect((await raw(url, 'TRACE', '/no-such-path')).status).toBe(404);
    // A preflight is left to the route's own CORS handling, never refused as a method.
    expect((await raw(url, 'OPTIONS', '/cases')).status).not.toBe(405);
  });
});
