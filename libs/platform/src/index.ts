export * from './env-spec';
export * from './app-settings';
export * from './secret-files';
