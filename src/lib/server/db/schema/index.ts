export * from './reference';
export * from './auth';
export * from './people';
export * from './audit';
