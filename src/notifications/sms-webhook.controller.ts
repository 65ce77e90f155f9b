import { Body, Controller, ForbiddenException, Header, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { IncomingHttpHeaders } from 'node:http';

/** The parts of Express's request the signature check needs (Express ships no types here). */
interface WebhookRequest {
  protocol: string;
  originalUrl: string;
  headers: IncomingHttpHeaders;
}
import { Public } from '../auth/public.decorator';
import { smsConfig, type SmsConfig } from '../config/configuration';
import { NotificationLogService } from './notification-log.service';
import { SmsConsentService } from './sms-consent.service';
import { keywordReply, parseSmsKeyword } from './sms-keywords';
import { SmsSender } from './sms.sender';
import { isValidTwilioSignature } from './twilio-signature';

/** Twilio's inbound messages (STOP/START/HELP) and status callbacks; every request must carry a valid signature. */
@Controller('webhooks/sms')
export class SmsWebhookController {
  constructor(
    @Inject(smsConfig.KEY) private readonly sms: SmsConfig,
    private readonly consents: SmsConsentService,
    private readonly log: NotificationLogService,
    private readonly sender: SmsSender,
  ) {}

  @Post()
  @Public()
  @HttpCode(200)
  @Header('content-type', 'text/xml')
  @ApiExcludeEndpoint()
  async receive(@Req() request: WebhookRequest, @Body() body: Record<string, unknown>): Promise<string> {
    const params = Object.fromEntries(
      Object.entries(body ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
    const url = `${request.protocol}://${request.headers.host ?? ''}${request.originalUrl}`;
    const signature = request.headers['x-twilio-signature'];
    const token = this.sms.twilio?.authToken;
    if (!token || !isValidTwilioSignature(token, url, params, typeof signature === 'string' ? signature : undefined)) {
      throw new ForbiddenException('invalid Twilio signature');
    }
    if (params.MessageSid && params.MessageStatus) {
      await this.log.recordProviderStatus(params.MessageSid, params.MessageStatus);
      return '<Response/>';
    }
    const from = params.From;
    const keyword = parseSmsKeyword(params.Body ?? '');
    if (!from || !keyword) return '<Response/>';
    if (keyword === 'help') {
      await this.reply(from, keywordReply('help', this.sms.programName), `help:${params.MessageSid ?? Date.now()}`);
      return '<Response/>';
    }
    const status = keyword === 'stop' ? 'opted_out' : 'opted_in';
    const changed = await this.consents.set(from, status, `inbound_sms:${(params.Body ?? '').trim().toUpperCase()}`);
    // Exactly one confirmation: a repeated STOP (or START) changes nothing and is not answered again.
    if (changed)
      await this.reply(from, keywordReply(keyword, this.sms.programName), `${keyword}:${from}:${Date.now()}`);
    return '<Response/>';
  }

  private async reply(to: string, body: string, key: string): Promise<void> {
    await this.sender.send({ to, body, key });
  }
}
