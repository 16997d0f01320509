import 'reflect-metadata';
import { bootstrapApp } from '@beacon/platform/nest';
import { RedactionModule } from './redaction.module';
import { redactionSettings } from './redaction.settings';

void bootstrapApp({ name: 'redaction', spec: redactionSettings, module: RedactionModule });
