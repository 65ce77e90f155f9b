import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StaffMemberEntity } from './staff-member.entity';
import { StaffService } from './staff.service';

@Module({
  imports: [TypeOrmModule.forFeature([StaffMemberEntity])],
  providers: [StaffService],
  exports: [StaffService],
})
export class StaffModule {}
