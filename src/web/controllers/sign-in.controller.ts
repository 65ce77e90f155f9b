import { Body, Controller, Get, Logger, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DEV_STAFF } from '../../auth/dev-token';
import { Public } from '../../auth/public.decorator';
import { actorFromClaims, InvalidTokenError } from '../../auth/token-verifier.service';
import type { StaffRole } from '../../auth/auth.types';
import { field, type Form } from '../action-forms';
import { OidcSignInService } from '../oidc-sign-in.service';
import { sessionOf, SignedOutAllowed, WebSessionGuard, CsrfRefused } from '../web-session.guard';
import {
  newToken,
  PRE_SESSION_COOKIE,
  readCookie,
  SESSION_COOKIE,
  tokensMatch,
  WebSessionService,
} from '../web-session.service';
import { WebExceptionFilter } from '../web-exception.filter';
import { renderDocument } from '../views/layout';
import { SignInPage, type SignInChoice } from '../views/staff-pages';

const PRE_SESSION_MS = 10 * 60_000;

/** Only a path inside the workspace may be where sign-in returns to (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/app(\/|$|\?)/.test(next) && !next.startsWith('//') ? next : '/app';
}

const devChoices = (): SignInChoice[] =>
  Object.values(DEV_STAFF).map((staff) => ({
    id: staff.sub,
    name: staff.fullName,
    roles: staff.roles,
    ...('court' in staff ? { court: staff.court } : {}),
  }));

/** Signing in and out of the staff workspace. */
@ApiExcludeController()
@Public()
@UseGuards(WebSessionGuard)
@UseFilters(WebExceptionFilter)
@Controller('app')
export class SignInController {
  private readonly logger = new Logger(SignInController.name);

  constructor(
    private readonly sessions: WebSessionService,
    private readonly oidc: OidcSignInService,
  ) {}

  private get devSignIn(): boolean {
    return this.sessions.web.development && !this.oidc.enabled;
  }

  @Get('sign-in')
  @SignedOutAllowed()
  async page(@Req() request: Request, @Res() response: Response, @Query('next') next?: string): Promise<void> {
    const csrf = newToken();
    response.cookie(
      PRE_SESSION_COOKIE,
      await this.sessions.seal({ csrf }, '10m'),
      this.sessions.cookieOptions(PRE_SESSION_MS),
    );
    this.send(response, request, 200, csrf, safeNext(next));
  }

  @Post('sign-in')
  @SignedOutAllowed()
  async devSignInPost(@Req() request: Request, @Res() response: Response, @Body() form: Form): Promise<void> {
    const pre = await this.sessions.unseal(readCookie(request, PRE_SESSION_COOKIE));
    if (!tokensMatch(field(form, '_csrf'), typeof pre?.csrf === 'string' ? pre.csrf : undefined)) {
      throw new CsrfRefused();
    }
    const staff = devChoices().find((s) => s.id === field(form, 'staff'));
    if (!this.devSignIn || !staff) {
      const csrf = typeof pre?.csrf === 'string' ? pre.csrf : '';
      this.send(response, request, 400, csrf, safeNext(field(form, 'next')), 'Choose one of the listed staff.');
      return;
    }
    const actor = {
      id: staff.id,
      roles: [...staff.roles] as StaffRole[],
      ...(staff.court ? { court: staff.court } : {}),
    };
    await this.startSession(response, actor, staff.name, safeNext(field(form, 'next')));
  }

  @Get('sign-in/oidc')
  @SignedOutAllowed()
  async oidcStart(@Res() response: Response, @Query('next') next?: string): Promise<void> {
    const start = await this.oidc.start();
    const sealed = await this.sessions.seal(
      { state: start.state, codeVerifier: start.codeVerifier, next: safeNext(next) },
      '10m',
    );
    response.cookie(PRE_SESSION_COOKIE, sealed, this.sessions.cookieOptions(PRE_SESSION_MS));
    response.redirect(303, start.url.href);
  }

  @Get('sign-in/callback')
  @SignedOutAllowed()
  async oidcCallback(@Req() request: Request, @Res() response: Response): Promise<void> {
    const pre = await this.sessions.unseal(readCookie(request, PRE_SESSION_COOKIE));
    if (typeof pre?.state !== 'string' || typeof pre.codeVerifier !== 'string') {
      this.send(response, request, 400, '', '/app', 'The sign-in took too long or was started elsewhere. Try again.');
      return;
    }
    try {
      const claims = await this.oidc.finish(request.originalUrl, { state: pre.state, codeVerifier: pre.codeVerifier });
      const actor = actorFromClaims(claims);
      if (actor.roles.length === 0) throw new InvalidTokenError('your account has no workspace role');
      const name = typeof claims.name === 'string' ? claims.name : actor.id;
      await this.startSession(response, actor, name, safeNext(pre.next));
    } catch (error) {
      this.logger.warn(`OpenID Connect sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
      const message =
        error instanceof InvalidTokenError ? error.message : 'The sign-in could not be completed. Try again.';
      this.send(response, request, 401, '', '/app', message);
    }
  }

  @Post('sign-out')
  signOut(@Res() response: Response): void {
    response.clearCookie(SESSION_COOKIE, { ...this.sessions.cookieOptions(0), maxAge: undefined });
    response.redirect(303, '/app/sign-in');
  }

  private async startSession(
    response: Response,
    actor: Parameters<WebSessionService['newSession']>[0],
    name: string,
    next: string,
  ): Promise<void> {
    response.cookie(
      SESSION_COOKIE,
      await this.sessions.newSession(actor, name),
      this.sessions.cookieOptions(this.sessions.sessionMaxAgeMs()),
    );
    response.clearCookie(PRE_SESSION_COOKIE, { ...this.sessions.cookieOptions(0), maxAge: undefined });
    response.redirect(303, next);
  }

  private send(response: Response, request: Request, status: number, csrf: string, next: string, error?: string) {
    const page = SignInPage({
      ctx: { session: sessionOf(request), path: request.path },
      csrf,
      devStaff: this.devSignIn ? devChoices() : undefined,
      oidc: this.oidc.enabled,
      next,
      ...(error ? { error } : {}),
    });
    response.status(status).type('html').send(renderDocument(page));
  }
}
