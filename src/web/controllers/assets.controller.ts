import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import path from 'node:path';
import { Public } from '../../auth/public.decorator';
import { WORKSPACE_STYLES } from '../views/workspace-styles';

/** The U.S. Web Design System's compiled CSS, JavaScript, fonts and images, straight from its npm package. */
// The package exports its main script (dist/js/uswds.min.js) but not package.json: dist is two folders up.
const USWDS_DIST = path.resolve(path.dirname(require.resolve('@uswds/uswds')), '..');
const DAY_S = 86_400;

@ApiExcludeController()
@Public()
@Controller('assets')
export class AssetsController {
  @Get('uswds/*file')
  uswds(@Param('file') file: string | string[], @Res() response: Response): void {
    const relative = Array.isArray(file) ? file.join('/') : file;
    if (!/^(css|js|fonts|img)\/[A-Za-z0-9._/-]+$/.test(relative) || relative.includes('..')) {
      throw new NotFoundException('no such asset');
    }
    // `root` confines the lookup to the package's dist folder; a missing file is a 404.
    response.sendFile(relative, { root: USWDS_DIST, maxAge: DAY_S * 1000, dotfiles: 'deny' }, (error?: Error) => {
      if (error && !response.headersSent) response.status(404).type('text/plain').send('no such asset');
    });
  }

  @Get('workspace.css')
  styles(@Res() response: Response): void {
    response.status(200).type('text/css').setHeader('cache-control', `public, max-age=${DAY_S}`).send(WORKSPACE_STYLES);
  }
}
