import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { codecConfig, type CodecConfig } from '../config/configuration';
import { payloadKeyring } from '../temporal/data-converter';
import { EncryptionCodec } from '../temporal/payload-codec';
import { CodecCorsMiddleware } from './codec-cors.middleware';
import { CodecController } from './codec.controller';

/** The codec endpoint (`/codec/decode`, `/codec/encode`) that lets the Temporal Web UI show decrypted payloads. */
@Module({
  controllers: [CodecController],
  providers: [
    {
      provide: EncryptionCodec,
      inject: [codecConfig.KEY],
      useFactory: (codec: CodecConfig) => new EncryptionCodec(payloadKeyring(codec)),
    },
  ],
})
export class CodecModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CodecCorsMiddleware).forRoutes({ path: 'codec/*path', method: RequestMethod.ALL });
  }
}
