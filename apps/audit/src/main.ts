import 'reflect-metadata';
import { bootstrapApp } from '@beacon/platform/nest';
import { AuditModule } from './audit.module';
import { auditSettings } from './audit.settings';

void bootstrapApp({ name: 'audit', spec: auditSettings, module: AuditModule });
