export * from './consent-records.reader';
