import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NoticeEntity } from './notice.entity';
import { NoticesService } from './notices.service';

@Module({
  imports: [TypeOrmModule.forFeature([NoticeEntity])],
  providers: [NoticesService],
  exports: [NoticesService],
})
export class NoticesModule {}
