import { Injectable } from '@nestjs/common';
import type { SystemCheckActivityContract } from '../../workflows/system-check/system-check.contract';

@Injectable()
export class SystemCheckActivities implements SystemCheckActivityContract {
  echo(token: string): Promise<string> {
    return Promise.resolve(`echo:${token}`);
  }
}
