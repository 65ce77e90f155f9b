import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { codecConfig, temporalConfig, type CodecConfig, type TemporalConfig } from '../config/configuration';
import { encryptingDataConverter } from './data-converter';
import { clientInterceptors } from '../observability/temporal-interceptors';

/** Closes the client's connection when the application shuts down. */
@Injectable()
class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(Connection) private readonly connection: Connection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/**
 * The Temporal client for the API process: `Client` and `Connection` are injected by their classes. The connection
 * is lazy, so the API starts (and `/health` reports Temporal as down) while the server is unreachable.
 */
@Global()
@Module({
  providers: [
    {
      provide: Connection,
      inject: [temporalConfig.KEY],
      useFactory: (temporal: TemporalConfig) => Connection.lazy({ address: temporal.address }),
    },
    {
      provide: Client,
      inject: [Connection, temporalConfig.KEY, codecConfig.KEY],
      useFactory: (connection: Connection, temporal: TemporalConfig, codec: CodecConfig) =>
        new Client({
          connection,
          namespace: temporal.namespace,
          dataConverter: encryptingDataConverter(codec),
          interceptors: clientInterceptors(),
        }),
    },
    TemporalConnectionCloser,
  ],
  exports: [Client, Connection],
})
export class TemporalClientModule {}
