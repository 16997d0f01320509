import 'reflect-metadata';
import { bootstrapApp } from '@beacon/platform/nest';
import { IntakeModule } from './intake.module';
import { intakeSettings } from './intake.settings';

void bootstrapApp({ name: 'intake', spec: intakeSettings, module: IntakeModule });
