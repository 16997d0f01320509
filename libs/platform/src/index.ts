export * from './env-spec';
export * from './app-settings';
