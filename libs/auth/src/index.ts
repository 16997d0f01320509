export * from './auth-error';
export * from './jwks';
export * from './jwt-verifier';
export * from './partner-status';
export * from './principal';
export * from './token-issuer';
export * from './nest';
