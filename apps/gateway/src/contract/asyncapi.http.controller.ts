import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@beacon/auth';
import { ASYNCAPI_YAML } from './contract.di-tokens';

/**
 * `GET /asyncapi.yaml`: the event contract partners integrate against. Public,
 * like the schemas it is built from: it describes shapes, not data.
 */
@ApiTags('contracts')
@Public()
@Controller()
export class AsyncApiHttpController {
  constructor(@Inject(ASYNCAPI_YAML) private readonly yaml: string) {}

  @Get('asyncapi.yaml')
  @Header('Content-Type', 'application/yaml; charset=utf-8')
  @ApiOperation({
    summary: 'The AsyncAPI 3.0 document of Beacon’s topics and events',
    description:
      "Channels carry this deployment's topic names; every message has its CloudEvents headers and its " +
      'JSON Schema (2020-12) data schema.',
  })
  @ApiProduces('application/yaml')
  @ApiOkResponse({ description: 'The document, as YAML.', schema: { type: 'string' } })
  asyncApi(): string {
    return this.yaml;
  }
}
