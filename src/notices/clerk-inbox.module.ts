import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CasesModule } from '../cases/cases.module';
import { ClerkInboxService } from './clerk-inbox.service';
import { NoticesController } from './notices.controller';
import { NoticesModule } from './notices.module';

/** The clerk inbox over HTTP (the API process only; the worker uses NoticesModule without it). */
@Module({
  imports: [NoticesModule, AuditModule, CasesModule],
  controllers: [NoticesController],
  providers: [ClerkInboxService],
  exports: [ClerkInboxService],
})
export class ClerkInboxModule {}
