import { Body, Controller, ForbiddenException, Header, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { IncomingHttpHeaders } from 'node:http';
import twilio from 'twilio';
import { Public } from '../auth/public.decorator';
import { smsConfig, type SmsConfig } from '../config/configuration';
import { NotificationLogService } from './notification-log.service';
import { SmsConsentService } from './sms-consent.service';
import { SmsInboundService } from './sms-inbound.service';
import { keywordReply, parseSmsKeyword, type SmsKeyword } from './sms-keywords';
import { SmsSender } from './sms.sender';

/** The parts of Express's request the signature check needs (Express ships no types here). */
interface WebhookRequest {
  protocol: string;
  originalUrl: string;
  headers: IncomingHttpHeaders;
}

const EMPTY_TWIML = '<Response/>';

/** Twilio's inbound messages (STOP/START/HELP) and status callbacks; every request must carry a valid signature. */
@Controller('webhooks/sms')
export class SmsWebhookController {
  constructor(
    @Inject(smsConfig.KEY) private readonly sms: SmsConfig,
    private readonly consents: SmsConsentService,
    private readonly inbound: SmsInboundService,
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
    this.verify(request, params);
    if (params.MessageSid && params.MessageStatus) {
      await this.log.recordProviderStatus(params.MessageSid, params.MessageStatus);
      return EMPTY_TWIML;
    }
    const from = params.From;
    const keyword = parseSmsKeyword(params.Body ?? '');
    if (!from || !keyword) return EMPTY_TWIML;
    // A replayed webhook (same MessageSid) was acted on already: answer 200 and send nothing again.
    const sid = params.MessageSid;
    if (sid && !(await this.inbound.claim(sid))) return EMPTY_TWIML;
    try {
      await this.act(from, keyword, params.Body ?? '', sid);
    } catch (error) {
      if (sid) await this.inbound.release(sid);
      throw error;
    }
    return EMPTY_TWIML;
  }

  /**
   * Twilio signs the URL it was configured with: behind a TLS-terminating proxy that is PUBLIC_BASE_URL + the path,
   * not what this process sees.
   */
  private verify(request: WebhookRequest, params: Record<string, string>): void {
    const base = this.sms.publicBaseUrl ?? `${request.protocol}://${request.headers.host ?? ''}`;
    const signature = request.headers['x-twilio-signature'];
    const token = this.sms.twilio?.authToken;
    const valid =
      !!token &&
      typeof signature === 'string' &&
      twilio.validateRequest(token, signature, `${base}${request.originalUrl}`, params);
    if (!valid) throw new ForbiddenException('invalid Twilio signature');
  }

  private async act(from: string, keyword: SmsKeyword, text: string, sid: string | undefined): Promise<void> {
    if (keyword === 'help') {
      await this.reply(from, keywordReply('help', this.sms.programName), `help:${sid ?? Date.now()}`);
      return;
    }
    const status = keyword === 'stop' ? 'opted_out' : 'opted_in';
    const changed = await this.consents.set(from, status, `inbound_sms:${text.trim().toUpperCase()}`);
    // Exactly one confirmation: a repeated STOP (or START) changes nothing and is not answered again.
    if (changed)
      await this.reply(from, keywordReply(keyword, this.sms.programName), `${keyword}:${from}:${Date.now()}`);
  }

  private async reply(to: string, body: string, key: string): Promise<void> {
    await this.sender.send({ to, body, key });
  }
}
