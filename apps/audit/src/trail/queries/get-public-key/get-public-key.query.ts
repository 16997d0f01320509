import { Query } from '@nestjs/cqrs';

/** The key that signs checkpoints and exports, for auditors to pin. */
export interface AuditPublicKey {
  /** RFC 7638 thumbprint; checkpoints and exports name it. */
  readonly keyId: string;
  readonly algorithm: 'Ed25519';
  /** SPKI, PEM: save it to a file for `beacon audit verify --public-key`. */
  readonly publicKeyPem: string;
}

/** The audit service's public signing key. */
export class GetPublicKeyQuery extends Query<AuditPublicKey> {}
