import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { publicKeyPem, SIGNATURE_ALGORITHM, type Signer } from '../../../chain';
import { AUDIT_SIGNER } from '../../trail.di-tokens';
import { GetPublicKeyQuery, type AuditPublicKey } from './get-public-key.query';

@QueryHandler(GetPublicKeyQuery)
export class GetPublicKeyHandler implements IQueryHandler<GetPublicKeyQuery, AuditPublicKey> {
  constructor(@Inject(AUDIT_SIGNER) private readonly signer: Signer) {}

  async execute(): Promise<AuditPublicKey> {
    return {
      keyId: this.signer.keyId,
      algorithm: SIGNATURE_ALGORITHM,
      publicKeyPem: publicKeyPem(this.signer.publicKey),
    };
  }
}
