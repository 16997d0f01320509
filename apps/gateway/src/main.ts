import 'reflect-metadata';
import { bootstrapApp } from '@beacon/platform/nest';
import { GatewayModule } from './gateway.module';
import { gatewaySettings } from './gateway.settings';

void bootstrapApp({ name: 'gateway', spec: gatewaySettings, module: GatewayModule });
