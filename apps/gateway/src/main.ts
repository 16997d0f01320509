import 'reflect-metadata';
import { bootstrapApp } from '@beacon/platform/nest';
import { serveOpenApi } from './contract/openapi';
import { gatewayHttps } from './gateway-https';
import { GatewayModule } from './gateway.module';
import { gatewaySettings } from './gateway.settings';
import { leaveIngestBodiesToTheRoute } from './ingest/ingest-body-parsing';

void bootstrapApp({
  name: 'gateway',
  spec: gatewaySettings,
  module: GatewayModule,
  https: gatewayHttps,
  configure: (app) => {
    leaveIngestBodiesToTheRoute(app);
    serveOpenApi(app);
  },
});
