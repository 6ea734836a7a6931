export * from './lock-options';
