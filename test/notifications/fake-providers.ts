import { simpleParser, type ParsedMail } from 'mailparser';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server in the test process; can refuse an address for good (550) or defer once (451). */
export class TestSmtpServer {
  readonly received: ParsedMail[] = [];
  readonly refuse = new Map<string, number>();
  deferOnce = new Set<string>();
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
        if (this.deferOnce.delete(to)) {
          return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
        }
        callback();
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.received.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
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
}

/** A local stand-in for Twilio's Messages API: accepts, lists, and refuses numbers with a given code. */
export class TwilioStandIn {
  readonly messages: StandInMessage[] = [];
  readonly refuse = new Map<string, { status: number; code: number }>();
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', (): void => {
        const url = new URL(req.url ?? '/', 'http://stand-in');
        res.setHeader('content-type', 'application/json');
        if (!/\/2010-04-01\/Accounts\/AC[^/]+\/Messages\.json$/.test(url.pathname) || !req.headers.authorization) {
          res.statusCode = 404;
          res.end('{}');
          return;
        }
        if (req.method === 'GET') {
          const to = url.searchParams.get('To');
          res.end(JSON.stringify({ messages: this.messages.filter((m) => !to || m.to === to) }));
          return;
        }
        const form = new URLSearchParams(raw);
        const to = form.get('To') ?? '';
        const refusal = this.refuse.get(to);
        if (refusal) {
          res.statusCode = refusal.status;
          res.end(JSON.stringify({ code: refusal.code, message: 'refused' }));
          return;
        }
        const message = {
          sid: `SM${String(this.messages.length + 1).padStart(32, '0')}`,
          to,
          from: form.get('From') ?? '',
          body: form.get('Body') ?? '',
          status: 'queued',
        };
        this.messages.push(message);
        res.statusCode = 201;
        res.end(JSON.stringify(message));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
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
