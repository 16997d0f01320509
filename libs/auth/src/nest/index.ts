export * from './auth-module-options';
export * from './auth.di-tokens';
export * from './auth.guard';
export * from './auth.module';
export * from './authenticated-request';
export * from './current-principal.decorator';
export * from './public.decorator';
export * from './roles.decorator';
