import type { TestingModule } from '@nestjs/testing';
import { ApplicationFailure } from '@temporalio/common';
import { NotificationActivities } from '../../activities/notifications/notifications.activities';
import type { NotificationChannel, NotifyRequest } from '../../workflows/diversion-case/diversion-case.contract';
import { NotificationLogService } from '../../src/notifications/notification-log.service';
import { ParticipantsService } from '../../src/participants/participants.service';
import { restoreEnvironment, TestSmtpServer, TwilioStandIn, type TwilioFault } from '../notifications/fake-providers';
import { notificationActivitiesModule } from '../notifications/notification-activities-module';
import { formatTable } from './fault-table';

/** As the workflow's delivery retry policy: a bounded number of attempts, then the failure surfaces as a review. */
const MAX_ATTEMPTS = 8;
const MESSAGES_PER_FAULT = 6;

interface Row {
  fault: string;
  channel: NotificationChannel;
  expected: number;
  delivered: number;
  lost: number;
  duplicated: number;
  surfacedAsReview: number;
  /** Copies whose Message-ID is not one of the logical messages' own (must be 0). */
  unexplained: number;
}

interface Fault {
  name: string;
  channel: NotificationChannel;
  inject(context: { smtp: TestSmtpServer; twilio: TwilioStandIn; log: NotificationLogService }): () => void;
  /** Duplicates this fault may cause, each recognisable by its Message-ID (SMTP's lost reply). */
  duplicatesAllowed?: boolean;
  /** Every message is refused for good and must surface as a review. */
  refusedForGood?: boolean;
}

const FAULTS: Fault[] = [
  {
    name: 'Twilio 500',
    channel: 'sms',
    inject: ({ twilio }) => (twilio.faults.push(...repeat<TwilioFault>('500')), noop),
  },
  {
    name: 'Twilio 429',
    channel: 'sms',
    inject: ({ twilio }) => (twilio.faults.push(...repeat<TwilioFault>('429')), noop),
  },
  {
    name: 'Twilio accept-then-500',
    channel: 'sms',
    inject: ({ twilio }) => (twilio.faults.push(...repeat<TwilioFault>('accept-then-500')), noop),
  },
  {
    name: 'Twilio 500 on a repeated body',
    channel: 'sms',
    inject: ({ twilio }) => {
      twilio.refuseRepeatedBodyOnce = true;
      return () => (twilio.refuseRepeatedBodyOnce = false);
    },
  },
  {
    name: 'crash after Twilio accepted',
    channel: 'sms',
    inject: ({ log }) => crashAfterProviderAccepted(log),
  },
  // Five deferrals in a row (the first message's first five attempts), shorter than the retry budget.
  { name: 'SMTP 451 burst', channel: 'email', inject: ({ smtp }) => ((smtp.deferNext = 5), noop) },
  {
    name: 'SMTP 550',
    channel: 'email',
    refusedForGood: true,
    inject: ({ smtp }) => {
      smtp.refuse.set(addressFor('SMTP 550'), 550);
      return noop;
    },
  },
  {
    name: 'SMTP accept-then-drop',
    channel: 'email',
    duplicatesAllowed: true,
    inject: ({ smtp }) => ((smtp.dropAfterDataNext = MESSAGES_PER_FAULT), noop),
  },
  {
    name: 'crash after SMTP accepted',
    channel: 'email',
    duplicatesAllowed: true,
    inject: ({ log }) => crashAfterProviderAccepted(log),
  },
];

function noop(): void {}

function repeat<T>(value: T): T[] {
  return Array.from({ length: MESSAGES_PER_FAULT }, () => value);
}

/** The worker dies between the provider's acceptance and the log's "sent", once per message. */
function crashAfterProviderAccepted(log: NotificationLogService): () => void {
  const original = log.markSent.bind(log);
  const crashed = new Set<string>();
  const spy = jest.spyOn(log, 'markSent').mockImplementation(async (key, ...rest) => {
    if (!crashed.has(key)) {
      crashed.add(key);
      throw new Error('worker killed after the provider accepted');
    }
    return original(key, ...rest);
  });
  return () => spy.mockRestore();
}

const slug = (fault: string): string => fault.toLowerCase().replace(/[^a-z0-9]+/g, '-');
const addressFor = (fault: string): string => `${slug(fault)}@faults.test`;

describe('delivery under provider faults (npm run test:faults)', () => {
  const smtp = new TestSmtpServer();
  const twilio = new TwilioStandIn();
  let module: TestingModule;
  let activities: NotificationActivities;
  let log: NotificationLogService;
  const run = `F${Date.now()}`;
  const phoneFor = (index: number): string => `+1555020${String(index).padStart(4, '0')}`;

  beforeAll(async () => {
    await Promise.all([smtp.start(), twilio.start()]);
    module = await notificationActivitiesModule(smtp, twilio, 'faults-auth-token');
    activities = module.get(NotificationActivities);
    log = module.get(NotificationLogService);
    await module.get(ParticipantsService).createForCase(
      run,
      FAULTS.map((fault, index) => ({
        id: `${run}-${slug(fault.name)}`,
        role: 'responsible_party' as const,
        fullName: 'Rae Parker',
        email: addressFor(fault.name),
        phone: phoneFor(index),
        timeZone: 'UTC',
      })),
    );
  });

  afterAll(async () => {
    await module?.close();
    await Promise.all([smtp.stop(), twilio.stop()]);
    restoreEnvironment();
  });

  /**
   * Runs one notify as Temporal would: retried on a temporary failure, surfaced on a non-retryable one; when the
   * attempts run out the workflow opens a review too (`deliveryFailed`), so that counts as surfaced.
   */
  async function deliver(request: NotifyRequest): Promise<'done' | 'surfaced'> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      try {
        await activities.notify(request);
        return 'done';
      } catch (error) {
        if (error instanceof ApplicationFailure && error.nonRetryable) return 'surfaced';
      }
    }
    return 'surfaced';
  }

  async function measure(fault: Fault, index: number): Promise<Row> {
    const recipientId = `${run}-${slug(fault.name)}`;
    // The 7-, 3- and 1-day reminders of two obligations: every text to the number is the same.
    const requests: NotifyRequest[] = repeat(0).map((_, n) => ({
      key: `${run}:obligation_reminder:${recipientId}:ob${n % 2}-${['7d', '3d', '1d'][Math.floor(n / 2)]}`,
      caseNumber: run,
      event: 'obligation_reminder',
      recipient: { id: recipientId, role: 'responsible_party' },
      channels: [fault.channel],
      data: { stage: 'MONITORING', label: 'due soon' },
    }));
    const undo = fault.inject({ smtp, twilio, log });
    const outcomes: string[] = [];
    try {
      for (const request of requests) outcomes.push(await deliver(request));
    } finally {
      undo();
    }
    const rows = await Promise.all(requests.map((r) => log.findByKey(`${r.key}:${fault.channel}`)));
    const surfacedAsReview = outcomes.filter((o) => o === 'surfaced').length;
    if (fault.channel === 'sms') {
      const texts = twilio.to(phoneFor(index));
      const sids = new Set(texts.map((m) => m.sid));
      const delivered = rows.filter((r) => r?.status === 'sent' && sids.has(r.providerId ?? '')).length;
      return {
        fault: fault.name,
        channel: 'sms',
        expected: requests.length,
        delivered,
        lost: requests.length - delivered - surfacedAsReview,
        duplicated: texts.length - delivered,
        surfacedAsReview,
        unexplained: texts.length - delivered,
      };
    }
    const mails = smtp.to(addressFor(fault.name));
    const own = new Set(rows.map((r) => r?.messageId).filter((id): id is string => !!id));
    const distinct = new Set(mails.map((m) => m.messageId));
    const delivered = [...distinct].filter((id) => id && own.has(id)).length;
    return {
      fault: fault.name,
      channel: 'email',
      expected: requests.length,
      delivered,
      lost: requests.length - delivered - surfacedAsReview,
      duplicated: mails.length - distinct.size,
      surfacedAsReview,
      unexplained: mails.filter((m) => !m.messageId || !own.has(m.messageId)).length,
    };
  }

  it('loses nothing, never texts twice, and sends email twice only after an ambiguous SMTP outcome, with its Message-ID', async () => {
    const table: Row[] = [];
    for (const [index, fault] of FAULTS.entries()) table.push(await measure(fault, index));
    printTable(table);

    for (const [index, row] of table.entries()) {
      const fault = FAULTS[index]!;
      expect({ fault: row.fault, lost: row.lost, unexplained: row.unexplained }).toEqual({
        fault: row.fault,
        lost: 0,
        unexplained: 0,
      });
      if (!fault.duplicatesAllowed)
        expect({ fault: row.fault, duplicated: row.duplicated }).toEqual({ fault: row.fault, duplicated: 0 });
      if (fault.refusedForGood) expect(row.surfacedAsReview).toBe(row.expected);
      else
        expect({ fault: row.fault, delivered: row.delivered }).toEqual({ fault: row.fault, delivered: row.expected });
    }
    // The ambiguous SMTP outcome really happened: each of those messages arrived twice, under one Message-ID.
    expect(table.find((r) => r.fault === 'SMTP accept-then-drop')?.duplicated).toBe(MESSAGES_PER_FAULT);
  });
});

function printTable(rows: Row[]): void {
  const header = ['fault', 'channel', 'expected', 'delivered', 'lost', 'duplicated', 'surfaced-as-review'];
  const cells = rows.map((r) => [
    r.fault,
    r.channel,
    r.expected,
    r.delivered,
    r.lost,
    r.duplicated,
    r.surfacedAsReview,
  ]);
  process.stdout.write(
    `\nProvider faults (${MESSAGES_PER_FAULT} logical messages each, retried as Temporal would):\n${formatTable(header, cells, 2)}\n\n`,
  );
}
