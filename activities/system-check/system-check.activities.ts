import { Injectable } from '@nestjs/common';
import type { SystemCheckActivityContract } from './system-check.types';

@Injectable()
export class SystemCheckActivities implements SystemCheckActivityContract {
  echo(token: string): Promise<string> {
    return Promise.resolve(`echo:${token}`);
  }
}
