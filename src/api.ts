import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { type LogLevel } from './config/environment';
import { installHttpEdge } from './http/http-edge';
import { contractDocument } from './http/openapi-contract';
import { useStructuredLogs } from './observability/use-structured-logs';

/** Builds the HTTP application (shared by `main.ts` and the e2e tests, so tests get production wiring). */
export async function createApi(logLevel: LogLevel): Promise<INestApplication> {
  // The edge parses bodies itself (src/http/http-edge.ts), so Nest's default parsers are off.
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, bodyParser: false });
  useStructuredLogs(app, logLevel);
  app.enableShutdownHooks();
  // Security headers; the CSP lets the Swagger UI at /docs run its inline start-up script.
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] },
      },
    }),
  );
  installHttpEdge(app);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Restorative-justice diversion orchestrator')
      .setDescription('Start and steer diversion cases; each case is one durable Temporal workflow.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, contractDocument(document), { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
