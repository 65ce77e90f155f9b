import { simpleParser, type ParsedMail } from 'mailparser';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server in the test process; can refuse an address for good (550), defer once (451), defer the next N
 * messages whatever their address (a 451 burst), or take a message and drop the connection before answering 250
 * (the client cannot tell whether it was accepted).
 */
export class TestSmtpServer {
  readonly received: ParsedMail[] = [];
  readonly refuse = new Map<string, number>();
  deferOnce = new Set<string>();
  /** The next this-many recipients are deferred with 451. */
  deferNext = 0;
  /** The next this-many messages are stored, then the connection is dropped instead of the 250 reply. */
  dropAfterDataNext = 0;
  private server!: SMTPServer;
  port = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const to = address.address.toLowerCase();
        const code = this.refuse.get(to);
        if (code) return callback(Object.assign(new Error(`refused ${code}`), { responseCode: code }));
        if (this.deferOnce.delete(to) || this.deferNext > 0) {
          this.deferNext = Math.max(0, this.deferNext - 1);
          return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
        }
        callback();
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.received.push(mail);
            if (this.dropAfterDataNext > 0) {
              this.dropAfterDataNext -= 1;
              this.dropConnection(session.id);
              return;
            }
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  /** Ends the session's TCP connection without a reply (smtp-server keeps its connections in a set). */
  private dropConnection(sessionId: string): void {
    const connections = (this.server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> })
      .connections;
    for (const connection of connections) if (connection.id === sessionId) connection._socket.destroy();
  }

  to(address: string): ParsedMail[] {
    return this.received.filter((m) => JSON.stringify(m.to).toLowerCase().includes(address.toLowerCase()));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface StandInMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  status: string;
  createdMs: number;
  /** Null until the carrier took it (as on Twilio: a queued message has no date_sent). */
  sentMs: number | null;
  statusCallback?: string;
}

/**
 * How the stand-in misbehaves on the next POSTs, in order: answer 500 or 429 without creating the message, or create
 * it and answer 500 anyway (the outcome a caller cannot tell from a refusal).
 */
export type TwilioFault = '500' | '429' | 'accept-then-500';

const PAGE_SIZE_DEFAULT = 50;

/** Twilio's RFC 2822 timestamps: whole seconds, `+0000`. */
const rfc2822 = (ms: number | null): string | null =>
  ms === null ? null : new Date(ms).toUTCString().replace('GMT', '+0000');

/**
 * A local stand-in for Twilio's Messages API, answering as Twilio does (JSON resources, list filters To, From,
 * DateSent, DateSent>, DateSent<, newest first, paged with PageSize/Page and next_page_uri), and misbehaving on demand.
 */
export class TwilioStandIn {
  readonly messages: StandInMessage[] = [];
  readonly refuse = new Map<string, { status: number; code: number }>();
  /** Faults applied to the next POSTs, one each, in order. */
  readonly faults: TwilioFault[] = [];
  /** Answer 500 (creating nothing) the first time a body already sent to the same number is posted again. */
  refuseRepeatedBodyOnce = false;
  /** Every POST, refused or not, in order: the fault suite counts attempts with it. */
  readonly posts: Array<{ to: string; body: string; answered: number }> = [];
  private readonly refusedRepeats = new Set<string>();
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', (): void => {
        const url = new URL(req.url ?? '/', 'http://stand-in');
        res.setHeader('content-type', 'application/json');
        const match = /^\/2010-04-01\/Accounts\/(AC[^/]+)\/Messages\.json$/.exec(url.pathname);
        if (!match || !req.headers.authorization) {
          res.statusCode = 404;
          res.end(JSON.stringify({ code: 20404, message: 'The requested resource was not found', status: 404 }));
          return;
        }
        const account = match[1]!;
        if (req.method === 'GET') {
          res.end(JSON.stringify(this.list(account, url)));
          return;
        }
        const answer = this.create(account, new URLSearchParams(raw));
        res.statusCode = answer.status;
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private create(account: string, form: URLSearchParams): { status: number; body: object } {
    const to = form.get('To') ?? '';
    const body = form.get('Body') ?? '';
    const answer = (status: number, json: object) => {
      this.posts.push({ to, body, answered: status });
      return { status, body: json };
    };
    const failure = (status: number, code: number) => answer(status, { code, message: 'stand-in fault', status });
    const refusal = this.refuse.get(to);
    if (refusal) return failure(refusal.status, refusal.code);
    const repeat = `${to}\n${body}`;
    if (
      this.refuseRepeatedBodyOnce &&
      !this.refusedRepeats.has(repeat) &&
      this.messages.some((m) => m.to === to && m.body === body)
    ) {
      this.refusedRepeats.add(repeat);
      return failure(500, 20500);
    }
    const fault = this.faults.shift();
    if (fault === '500') return failure(500, 20500);
    if (fault === '429') return failure(429, 20429);
    const message: StandInMessage = {
      sid: `SM${randomBytes(16).toString('hex')}`,
      to,
      from: form.get('From') ?? '',
      body,
      status: 'queued',
      createdMs: Date.now(),
      sentMs: null,
      ...(form.get('StatusCallback') ? { statusCallback: form.get('StatusCallback')! } : {}),
    };
    this.messages.push(message);
    if (fault === 'accept-then-500') return failure(500, 20500);
    return answer(201, this.resource(account, message));
  }

  private resource(account: string, m: StandInMessage): object {
    return {
      sid: m.sid,
      account_sid: account,
      api_version: '2010-04-01',
      to: m.to,
      from: m.from,
      body: m.body,
      status: m.status,
      direction: 'outbound-api',
      num_segments: '1',
      num_media: '0',
      date_created: rfc2822(m.createdMs),
      date_updated: rfc2822(m.sentMs ?? m.createdMs),
      date_sent: rfc2822(m.sentMs),
      error_code: null,
      error_message: null,
      price: null,
      price_unit: 'USD',
      messaging_service_sid: null,
      uri: `/2010-04-01/Accounts/${account}/Messages/${m.sid}.json`,
      subresource_uris: { media: `/2010-04-01/Accounts/${account}/Messages/${m.sid}/Media.json` },
    };
  }

  private list(account: string, url: URL): object {
    const q = url.searchParams;
    const day = (value: string): number => Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
    const sentOn = q.get('DateSent');
    const after = q.get('DateSent>');
    const before = q.get('DateSent<');
    const matching = this.messages
      .filter((m) => (!q.get('To') || m.to === q.get('To')) && (!q.get('From') || m.from === q.get('From')))
      .filter((m) => !sentOn || (m.sentMs !== null && new Date(m.sentMs).toISOString().startsWith(sentOn)))
      .filter((m) => !after || (m.sentMs !== null && m.sentMs >= day(after)))
      .filter((m) => !before || (m.sentMs !== null && m.sentMs < day(before)))
      // Newest first, as Twilio lists them.
      .sort((a, b) => b.createdMs - a.createdMs || this.messages.indexOf(b) - this.messages.indexOf(a));
    const pageSize = Math.min(Number(q.get('PageSize') ?? PAGE_SIZE_DEFAULT) || PAGE_SIZE_DEFAULT, 1000);
    const page = Number(q.get('Page') ?? 0) || 0;
    const start = page * pageSize;
    const items = matching.slice(start, start + pageSize);
    const base = `/2010-04-01/Accounts/${account}/Messages.json`;
    const pageUri = (n: number): string => {
      const params = new URLSearchParams(q);
      params.set('PageSize', String(pageSize));
      params.set('Page', String(n));
      return `${base}?${params.toString()}`;
    };
    return {
      messages: items.map((m) => this.resource(account, m)),
      uri: pageUri(page),
      first_page_uri: pageUri(0),
      next_page_uri: start + pageSize < matching.length ? pageUri(page + 1) : null,
      previous_page_uri: page > 0 ? pageUri(page - 1) : null,
      page,
      page_size: pageSize,
      start,
      end: start + items.length - 1,
    };
  }

  to(phone: string): StandInMessage[] {
    return this.messages.filter((m) => m.to === phone);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The text of an uncompressed pdfkit PDF: each TJ array's hex strings, decoded (Latin-1) and joined per line. */
export function pdfText(pdf: Buffer): string {
  const lines = [...pdf.toString('latin1').matchAll(/\[([^\]]*)\] TJ/g)].map((tj) =>
    [...tj[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((hex) => Buffer.from(hex[1]!, 'hex').toString('latin1')).join(''),
  );
  return lines.join('\n');
}

const saved: Record<string, string | undefined> = {};

/** Sets variables for the app a test file starts, remembering what was there (Jest runs files in shared processes). */
export function overrideEnvironment(values: Record<string, string>): void {
  for (const [key, value] of Object.entries(values)) {
    if (!(key in saved)) saved[key] = process.env[key];
    process.env[key] = value;
  }
}

/** Puts back what `overrideEnvironment` replaced, so the next test file in this process starts clean. */
export function restoreEnvironment(): void {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
    delete saved[key];
  }
}
