import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import type {
  CompletionNoticeRequest,
  DiversionCaseActivities,
  NotifyRequest,
  ReturnNoticeRequest,
} from '../../workflows/diversion-case/diversion-case.contract';
import { smsConfig, type SmsConfig } from '../../src/config/configuration';
import { completionNoticePdf, returnNoticePdf } from '../../src/notices/notice-pdf';
import { NoticesService } from '../../src/notices/notices.service';
import { DeliveryError } from '../../src/notifications/delivery-errors';
import { EmailSender } from '../../src/notifications/email.sender';
import { renderMessage } from '../../src/notifications/message-templates';
import { formatDate } from '../../src/notifications/message-views';
import { messageIdFor, NotificationDispatcher } from '../../src/notifications/notification-dispatcher.service';
import { NotificationLogService } from '../../src/notifications/notification-log.service';
import { RecipientsService, type Recipient } from '../../src/notifications/recipients.service';
import { StaffService } from '../../src/staff/staff.service';

type NotificationActivityMethods = Pick<
  DiversionCaseActivities,
  'notify' | 'issueCompletionNotice' | 'issueReturnNotice'
>;

/**
 * The diversion-case workflow's delivery activities: participant and staff messages, and the completion and return
 * notices (PDF stored with its SHA-256, emailed to the prosecutor and the clerks of the court).
 */
@Injectable()
export class NotificationActivities implements NotificationActivityMethods {
  constructor(
    private readonly dispatcher: NotificationDispatcher,
    private readonly notices: NoticesService,
    private readonly recipients: RecipientsService,
    private readonly staff: StaffService,
    private readonly email: EmailSender,
    private readonly log: NotificationLogService,
    @Inject(smsConfig.KEY) private readonly sms: SmsConfig,
  ) {}

  async notify(request: NotifyRequest): Promise<void> {
    await this.dispatcher.notify(request);
  }

  async issueCompletionNotice(request: CompletionNoticeRequest): Promise<void> {
    // The responsible party is looked up through the party lookup, which never returns a victim's row.
    const party = await this.recipients.findParty(request.responsiblePartyId);
    const prosecutor = await this.recipients.findStaff(request.prosecutorId, request.timeZone);
    const pdf = await completionNoticePdf({
      court: request.court,
      caseNumber: request.caseNumber,
      responsiblePartyName: party?.name ?? request.responsiblePartyId,
      referralDate: formatDate(request.referralDateMs, 'en', request.timeZone),
      recommendation: request.recommendation,
      prosecutorName: prosecutor?.name ?? request.prosecutorId,
      approvedDate: formatDate(request.approvedAtMs, 'en', request.timeZone),
      officeName: this.sms.programName,
    });
    const stored = await this.notices.store({
      noticeKey: request.key,
      caseNumber: request.caseNumber,
      court: request.court,
      kind: 'completion',
      chargesFiled: false,
      pdf,
    });
    const clerks = await this.clerksOf(request.court, request.timeZone);
    await this.sendNotice(request.key, request.caseNumber, 'completion_notice', stored, [
      ...(prosecutor ? [prosecutor] : []),
      ...clerks,
    ]);
  }

  async issueReturnNotice(request: ReturnNoticeRequest): Promise<void> {
    const prosecutor = await this.recipients.findStaff(request.prosecutorId, request.timeZone);
    const pdf = await returnNoticePdf({
      court: request.court,
      caseNumber: request.caseNumber,
      stageReached: request.stageReached,
      reasonCode: request.reasonCode,
      note: request.note,
      returnedDate: formatDate(request.returnedAtMs, 'en', request.timeZone),
      officeName: this.sms.programName,
    });
    const stored = await this.notices.store({
      noticeKey: request.key,
      caseNumber: request.caseNumber,
      court: request.court,
      kind: 'return',
      chargesFiled: request.chargesFiled,
      pdf,
    });
    const clerks = request.chargesFiled ? await this.clerksOf(request.court, request.timeZone) : [];
    await this.sendNotice(request.key, request.caseNumber, 'return_notice', stored, [
      ...(prosecutor ? [prosecutor] : []),
      ...clerks,
    ]);
  }

  private async clerksOf(court: string, timeZone: string): Promise<Recipient[]> {
    const clerks = await this.staff.findClerksForCourt(court);
    const found = await Promise.all(clerks.map((c) => this.recipients.findStaff(c.id, timeZone)));
    return found.filter((r): r is Recipient => r !== undefined);
  }

  /** One email per recipient, each exactly once (log row per notice and recipient); the PDF attached. */
  private async sendNotice(
    noticeKey: string,
    caseNumber: string,
    event: 'completion_notice' | 'return_notice',
    stored: Awaited<ReturnType<NoticesService['store']>>,
    recipients: Recipient[],
  ): Promise<void> {
    const temporary: string[] = [];
    for (const recipient of recipients) {
      const logicalKey = `${noticeKey}:${recipient.id}:email`;
      const { row } = await this.log.claim({
        logicalKey,
        requestKey: noticeKey,
        caseNumber,
        event,
        recipientId: recipient.id,
        recipientRole: recipient.role,
        channel: 'email',
      });
      if (row.status !== 'pending') continue;
      const title = event === 'completion_notice' ? 'Completion notice' : 'Return notice';
      const rendered = renderMessage('notice', recipient.language, {
        programName: this.sms.programName,
        recipientName: recipient.name,
        caseNumber,
        title:
          recipient.language === 'es'
            ? event === 'completion_notice'
              ? 'Aviso de finalización'
              : 'Aviso de devolución'
            : title,
        court: stored.notice.court,
        sha256: stored.notice.sha256,
        inbox: recipient.role === 'clerk',
      });
      try {
        const messageId = messageIdFor(logicalKey);
        const { providerId } = await this.email.send({
          to: recipient.email!,
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          messageId,
          attachments: [
            { filename: `${event}-${caseNumber}.pdf`, content: stored.pdf, contentType: 'application/pdf' },
          ],
        });
        await this.log.markSent(logicalKey, providerId, messageId);
      } catch (error) {
        if (!(error instanceof DeliveryError)) throw error;
        if (error.kind === 'temporary') {
          await this.log.recordError(logicalKey, error.message);
          temporary.push(error.message);
        } else {
          // The notice itself is stored and in the clerk inbox; a refused copy is logged, not fatal to the case.
          await this.log.markFailed(logicalKey, error.message);
        }
      }
    }
    if (temporary.length > 0) {
      throw ApplicationFailure.retryable(`notice email deferred: ${temporary.join('; ')}`, 'TemporaryDeliveryFailure');
    }
  }
}
