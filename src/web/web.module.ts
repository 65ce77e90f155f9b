import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { urlencoded } from 'express';
import { AuditModule } from '../audit/audit.module';
import { CasesModule } from '../cases/cases.module';
import { ClerkInboxModule } from '../notices/clerk-inbox.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReportsModule } from '../reports/reports.module';
import { TasksModule } from '../tasks/tasks.module';
import { AssetsController } from './controllers/assets.controller';
import { DesksController } from './controllers/desks.controller';
import { SignInController } from './controllers/sign-in.controller';
import { WorkspaceController } from './controllers/workspace.controller';
import { OidcSignInService } from './oidc-sign-in.service';
import { workspaceHeaders } from './web-security';
import { WebSessionGuard } from './web-session.guard';
import { WebSessionService } from './web-session.service';

/**
 * The staff workspace: server-rendered pages under /app (and their assets under /assets) over the services the JSON
 * API calls, with its own session sign-in, CSRF check and Content-Security-Policy.
 */
@Module({
  imports: [AuditModule, CasesModule, TasksModule, ClerkInboxModule, ReportsModule, NotificationsModule],
  controllers: [SignInController, WorkspaceController, DesksController, AssetsController],
  providers: [WebSessionService, WebSessionGuard, OidcSignInService],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Forms post application/x-www-form-urlencoded; the pages parse it themselves, whatever the API's JSON parsing.
    consumer
      .apply(workspaceHeaders, urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }))
      .forRoutes(SignInController, WorkspaceController, DesksController);
  }
}
