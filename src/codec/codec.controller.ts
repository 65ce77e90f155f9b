import {
  BadRequestException,
  Body,
  Controller,
  createParamDecorator,
  type ExecutionContext,
  HttpCode,
  Inject,
  Post,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Payload } from '@temporalio/common';
import { Roles } from '../auth/roles.decorator';
import { temporalConfig, type TemporalConfig } from '../config/configuration';
import { EncryptionCodec, PayloadDecryptionError } from '../temporal/payload-codec';
import { MAX_PAYLOADS_PER_REQUEST, payloadsFromJson, payloadsToJson, type PayloadJson } from './payload-json';

/**
 * The optional `X-Namespace` header. Read through its own decorator rather than `@Headers`, which the OpenAPI
 * document would list as a required header beside the optional one `@ApiHeader` declares.
 */
const Namespace = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined => {
  const value = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers[
    'x-namespace'
  ];
  return Array.isArray(value) ? value[0] : value;
});

const PAYLOADS_SCHEMA = {
  type: 'object',
  required: ['payloads'],
  properties: {
    payloads: {
      type: 'array',
      maxItems: MAX_PAYLOADS_PER_REQUEST,
      items: {
        type: 'object',
        properties: {
          metadata: { type: 'object', additionalProperties: { type: 'string', format: 'byte' } },
          data: { type: 'string', format: 'byte' },
        },
      },
    },
  },
};

/**
 * The Temporal codec-server protocol for the Web UI and the CLI (`--codec-endpoint <api>/codec`): decrypts and
 * encrypts payloads with the service's own keys. Decoding shows case data (notes, locations, offences), so it is
 * open to the roles that may read every case (admin, prosecutor); a coordinator's access is per case, which a payload
 * does not name. Encoding makes payloads the worker trusts, so only admins may.
 */
@ApiTags('codec')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Namespace', required: false, description: "The Temporal namespace; must be this service's" })
@ApiBadRequestResponse({ description: 'Malformed payloads, another namespace, or a payload that fails to decrypt' })
@ApiUnauthorizedResponse({ description: 'No valid bearer token' })
@ApiForbiddenResponse({ description: 'A role that may not use the codec, or a browser origin other than the UI' })
@Controller('codec')
export class CodecController {
  constructor(
    private readonly codec: EncryptionCodec,
    @Inject(temporalConfig.KEY) private readonly temporal: TemporalConfig,
  ) {}

  @Post('decode')
  @HttpCode(200)
  @Roles('admin', 'prosecutor')
  @ApiOperation({ summary: 'Decrypt payloads for the Temporal Web UI or CLI' })
  @ApiBody({ schema: PAYLOADS_SCHEMA })
  @ApiOkResponse({ schema: PAYLOADS_SCHEMA })
  decode(@Body() body: unknown, @Namespace() namespace?: string): Promise<{ payloads: PayloadJson[] }> {
    return this.convert(body, namespace, (payloads) => this.codec.decode(payloads));
  }

  @Post('encode')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Encrypt payloads (input typed into the Temporal Web UI or CLI)' })
  @ApiBody({ schema: PAYLOADS_SCHEMA })
  @ApiOkResponse({ schema: PAYLOADS_SCHEMA })
  encode(@Body() body: unknown, @Namespace() namespace?: string): Promise<{ payloads: PayloadJson[] }> {
    return this.convert(body, namespace, (payloads) => this.codec.encode(payloads));
  }

  private async convert(
    body: unknown,
    namespace: string | undefined,
    run: (payloads: Payload[]) => Promise<Payload[]>,
  ): Promise<{ payloads: PayloadJson[] }> {
    if (namespace !== undefined && namespace !== this.temporal.namespace) {
      throw new BadRequestException(
        `X-Namespace "${namespace}" is not this service's namespace ("${this.temporal.namespace}"); its keys decode only that one`,
      );
    }
    const payloads = payloadsFromJson(body);
    try {
      return payloadsToJson(await run(payloads));
    } catch (error) {
      if (error instanceof PayloadDecryptionError) throw new BadRequestException(error.message);
      throw error;
    }
  }
}
