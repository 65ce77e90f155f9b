import { Inject, Injectable, Logger } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { createHash } from 'node:crypto';
import type { NotifyRequest } from '../../workflows/diversion-case/diversion-case.contract';
import { mailConfig, type MailConfig, smsConfig, type SmsConfig } from '../config/configuration';
import type { ContactChannel } from '../participants/participant.types';
import { buildConferenceIcs } from './conference-ics';
import { DeliveryError } from './delivery-errors';
import { EmailSender, type OutgoingEmail } from './email.sender';
import { hasTemplate, renderMessage, type RenderedMessage } from './message-templates';
import { participantMessageView, staffMessageView } from './message-views';
import { NotificationLogService, type LogKey } from './notification-log.service';
import { RecipientsService, type Recipient } from './recipients.service';
import { SmsConsentService } from './sms-consent.service';
import { SmsSender, type AttemptWindow } from './sms.sender';

const STAFF_ROLES = new Set(['coordinator', 'prosecutor', 'clerk', 'admin']);
const CONFERENCE_EVENTS = new Set(['conference_invitation', 'conference_updated', 'conference_cancelled']);
const STOP_HINT = {
  en: 'Reply STOP to opt out, HELP for help.',
  es: 'Responda STOP para no recibir más, HELP para ayuda.',
};
const DEFAULT_TIME_ZONE = 'America/Los_Angeles';
const QUIET_HOURS_SKEW_MS = 5_000;

type Outcome = 'sent' | 'suppressed' | { failed: DeliveryError };

/** The deterministic Message-ID of a logical message: a re-sent copy carries the same id, so it can be dropped. */
export function messageIdFor(logicalKey: string): string {
  return `<${createHash('sha256').update(logicalKey).digest('hex').slice(0, 40)}@diversion-orchestrator>`;
}

/**
 * Delivers one notify request, exactly once per channel: claim the log row, send, mark sent. Temporary failures throw
 * (Temporal retries; sent channels are skipped); permanent ones throw non-retryable after every channel was tried.
 */
@Injectable()
export class NotificationDispatcher {
  private readonly logger = new Logger(NotificationDispatcher.name);

  constructor(
    private readonly recipients: RecipientsService,
    private readonly log: NotificationLogService,
    private readonly consents: SmsConsentService,
    private readonly email: EmailSender,
    private readonly sms: SmsSender,
    @Inject(smsConfig.KEY) private readonly smsSettings: SmsConfig,
    @Inject(mailConfig.KEY) private readonly mail: MailConfig,
  ) {}

  async notify(request: NotifyRequest): Promise<void> {
    const recipient = await this.recipients.find(request.recipient, DEFAULT_TIME_ZONE);
    if (!recipient) {
      for (const channel of request.channels) await this.suppress(request, channel, 'no contact record');
      return;
    }
    const rendered = this.render(request, recipient);
    const outcomes: Array<[ContactChannel, Outcome]> = [];
    const plan = await this.plan(request, recipient);
    for (const [channel, reason] of plan.suppressed) {
      await this.suppress(request, channel, reason);
      outcomes.push([channel, 'suppressed']);
    }
    const waitMs = (request.notBeforeMs ?? 0) - Date.now();
    for (const channel of plan.send) {
      // The workflow holds SMS back until quiet hours end; should one still arrive early, it is not sent before then.
      if (channel === 'sms' && waitMs > QUIET_HOURS_SKEW_MS) continue;
      outcomes.push([channel, await this.deliver(request, recipient, rendered, channel)]);
    }
    throwForFailures(outcomes);
    if (plan.send.includes('sms') && waitMs > QUIET_HOURS_SKEW_MS) {
      throw ApplicationFailure.create({
        type: 'QuietHours',
        message: 'SMS held until quiet hours end',
        nextRetryDelay: waitMs,
      });
    }
  }

  /** Which channels to use: asked for ∩ chosen by the person ∩ reachable; an opted-out number falls back to email. */
  private async plan(
    request: NotifyRequest,
    recipient: Recipient,
  ): Promise<{ send: ContactChannel[]; suppressed: Array<[ContactChannel, string]> }> {
    const send: ContactChannel[] = [];
    const suppressed: Array<[ContactChannel, string]> = [];
    const reachable = (c: ContactChannel): boolean => (c === 'email' ? !!recipient.email : !!recipient.phone);
    for (const channel of request.channels) {
      if (!recipient.allowedChannels.includes(channel)) suppressed.push([channel, 'contact preference']);
      else if (!reachable(channel)) suppressed.push([channel, `no ${channel === 'email' ? 'email address' : 'phone'}`]);
      else if (channel === 'sms' && (await this.consents.isOptedOut(recipient.phone!))) {
        suppressed.push([channel, 'opted out']);
      } else send.push(channel);
    }
    const smsClosed = suppressed.some(([c, reason]) => c === 'sms' && reason === 'opted out');
    const emailAsked = request.channels.includes('email');
    if (smsClosed && emailAsked && !send.includes('email') && recipient.permittedChannels.includes('email')) {
      const index = suppressed.findIndex(([c]) => c === 'email');
      if (reachable('email') && index >= 0) {
        suppressed.splice(index, 1);
        send.push('email');
      }
    }
    return { send, suppressed };
  }

  private render(request: NotifyRequest, recipient: Recipient): RenderedMessage {
    const programName = this.smsSettings.programName;
    if (STAFF_ROLES.has(recipient.role) || !hasTemplate(request.event)) {
      return renderMessage('staff_alert', recipient.language, staffMessageView(request, recipient, programName));
    }
    return renderMessage(request.event, recipient.language, participantMessageView(request, recipient, programName));
  }

  private async deliver(
    request: NotifyRequest,
    recipient: Recipient,
    rendered: RenderedMessage,
    channel: ContactChannel,
  ): Promise<Outcome> {
    const key = logKey(request, channel);
    const { row } = await this.log.claim(key);
    if (row.status === 'sent') return 'sent';
    if (row.status === 'suppressed') return 'suppressed';
    if (row.status === 'failed') return { failed: new DeliveryError('permanent', row.lastError ?? 'failed before') };
    try {
      if (channel === 'email') {
        const messageId = messageIdFor(key.logicalKey);
        const { providerId } = await this.email.send(this.emailFor(request, recipient, rendered, messageId));
        await this.log.markSent(key.logicalKey, providerId, messageId);
        return 'sent';
      }
      const body = `${rendered.sms ?? rendered.subject} ${STOP_HINT[recipient.language]}`;
      return await this.deliverSms(key.logicalKey, row.attemptWindows, recipient.phone!, body);
    } catch (error) {
      return this.onSendError(key.logicalKey, recipient, channel, error);
    }
  }

  /**
   * One SMS, exactly once: an earlier attempt with an unknown outcome is first reconciled against the messages Twilio
   * accepted during that attempt and not attributed to another logical message; only when there is none is it sent.
   */
  private async deliverSms(logicalKey: string, windows: AttemptWindow[], to: string, body: string): Promise<Outcome> {
    if (windows.length > 0) {
      const candidates = await this.sms.acceptedDuring(to, body, windows);
      const taken = await this.log.attributedSmsIds(candidates);
      for (const sid of candidates.filter((c) => !taken.has(c))) {
        // Another retry may claim the same SID at the same moment: the unique index lets only one of them have it.
        if (await this.log.markSent(logicalKey, sid)) return 'sent';
      }
    }
    await this.log.beginAttempt(logicalKey, Date.now());
    let providerId: string;
    try {
      ({ providerId } = await this.sms.send({ to, body, key: logicalKey }));
    } catch (error) {
      await this.log.endAttempt(logicalKey, Date.now());
      throw error;
    }
    if (!(await this.log.markSent(logicalKey, providerId))) {
      throw new DeliveryError('permanent', `provider id ${providerId} is already attributed to another message`);
    }
    return 'sent';
  }

  private async onSendError(
    logicalKey: string,
    recipient: Recipient,
    channel: ContactChannel,
    error: unknown,
  ): Promise<Outcome> {
    if (!(error instanceof DeliveryError)) throw error;
    if (error.optedOut && channel === 'sms') {
      await this.consents.set(recipient.phone!, 'opted_out', 'provider:21610');
      await this.log.markSuppressed(logicalKey, 'opted out at the carrier (21610)');
      return 'suppressed';
    }
    if (error.kind === 'temporary') {
      await this.log.recordError(logicalKey, error.message);
      throw error;
    }
    // The provider's own words can quote the address it refused: they go to the log table, not the process log.
    this.logger.warn(`${logicalKey}: ${channel} refused for good (provider code ${error.code ?? 'none'})`);
    await this.log.markFailed(logicalKey, error.message);
    return { failed: error };
  }

  private emailFor(
    request: NotifyRequest,
    recipient: Recipient,
    rendered: RenderedMessage,
    messageId: string,
  ): OutgoingEmail {
    const email: OutgoingEmail = {
      to: recipient.email!,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId,
    };
    const atMs = request.data.atMs;
    if (CONFERENCE_EVENTS.has(request.event) && typeof atMs === 'number' && atMs > 0) {
      const cancelled = request.event === 'conference_cancelled';
      const content = buildConferenceIcs({
        caseNumber: request.caseNumber,
        sequence: Number(request.data.sequence ?? 0),
        startMs: atMs,
        durationMinutes: 90,
        location: String(request.data.location ?? ''),
        summary: `${this.smsSettings.programName}: conference`,
        timeZone: recipient.timeZone,
        organizer: { name: this.smsSettings.programName, email: this.mail.from.replace(/^.*<(.+)>$/, '$1') },
        attendee: { name: recipient.name, email: recipient.email! },
        cancelled,
      });
      email.icalEvent = { method: cancelled ? 'CANCEL' : 'REQUEST', content, filename: 'conference.ics' };
    }
    return email;
  }

  private async suppress(request: NotifyRequest, channel: ContactChannel, reason: string): Promise<void> {
    const key = logKey(request, channel);
    const { row } = await this.log.claim(key);
    if (row.status === 'pending') await this.log.markSuppressed(key.logicalKey, reason);
  }
}

function logKey(request: NotifyRequest, channel: ContactChannel): LogKey {
  return {
    logicalKey: `${request.key}:${channel}`,
    requestKey: request.key,
    caseNumber: request.caseNumber,
    event: request.event,
    recipientId: request.recipient.id,
    recipientRole: request.recipient.role,
    channel,
  };
}

/** Permanent failures become a non-retryable failure naming the channels (never an address or number). */
function throwForFailures(outcomes: Array<[ContactChannel, Outcome]>): void {
  const failed = outcomes.flatMap(([channel, o]) => (typeof o === 'object' ? [`${channel}: ${o.failed.message}`] : []));
  if (failed.length === 0) return;
  throw ApplicationFailure.nonRetryable(`delivery refused for good — ${failed.join('; ')}`, 'PermanentDeliveryFailure');
}
