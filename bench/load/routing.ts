import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilePolicy, type Partner, type RoutableEvent, type RoutingFlow } from '@beacon/policy';
import { expectedRecipients } from '../chaos/ledger';
import type { LoadPartner } from './events';

const POLICY_FILE = join(__dirname, '..', '..', 'config', 'policies', 'beacon-default.v1.json');

/**
 * Who should receive each event: the routing of the shipped policy (the one
 * the redaction service loads by default) over the run's partners, as the
 * service sees them in its partner directory.
 */
export class ExpectedRouting {
  readonly routing: readonly RoutingFlow[];
  readonly partners: readonly Partner[];

  constructor(partners: readonly LoadPartner[], policyFile = POLICY_FILE) {
    const text = readFileSync(policyFile, 'utf8');
    const compiled = compilePolicy(JSON.parse(text), {
      fileSha256: createHash('sha256').update(text).digest('hex'),
    });
    if (!compiled.ok) throw new Error(`${policyFile}: ${JSON.stringify(compiled.errors)}`);
    this.routing = compiled.policy.document.routing;
    this.partners = partners.map((p) => ({ partnerId: p.id, sector: p.sector }));
  }

  recipients(event: RoutableEvent): string[] {
    return expectedRecipients(event, this.routing, this.partners);
  }
}
