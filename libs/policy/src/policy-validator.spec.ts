import { createHash } from 'node:crypto';
// Policy files are imported, not listed and read with fs: libs/policy may not
// touch fs, spec files included (the policy-is-pure layer rule). A new file
// under config/policies/ must be added here to be checked.
import beaconDefaultV1 from '../../../config/policies/beacon-default.v1.json';
import policySchema from '../../../config/policies/policy.schema.json';
import { compilePolicy, policyVersion, validatePolicy } from './policy-validator';
import { SECTORS } from './vocabulary';

const SHIPPED_POLICIES: Record<string, unknown> = {
  'beacon-default.v1.json': beaconDefaultV1,
};
const policyFiles = Object.keys(SHIPPED_POLICIES);
const readJson = (name: string): unknown => SHIPPED_POLICIES[name];

const minimal = () => ({
  policyId: 'test-policy',
  title: 'Test',
  sectors: { ngo: { rules: { operational: { action: { type: 'allow' } } } } },
  routing: [],
});

describe('the policy files under config/policies', () => {
  it.each(policyFiles)('given %s, when validated against the schema, then it has no errors', (name) => {
    expect(validatePolicy(readJson(name))).toEqual([]);
  });

  it.each(policyFiles)(
    'given %s, then it names every sector (a sector left out would deny a real partner everything)',
    (name) => {
      const document = readJson(name) as { sectors: Record<string, unknown> };
      expect(Object.keys(document.sectors).sort()).toEqual([...SECTORS].sort());
    },
  );

  it('given the schema file, then the validator enforces what it says', () => {
    expect(policySchema.$id).toBe('https://schemas.beacon.example/policy/policy.schema.json');
    expect(validatePolicy({ ...minimal(), policyId: 'X' })).toEqual([
      { pointer: '/policyId', message: `must match pattern "${policySchema.properties.policyId.pattern}"` },
    ]);
  });
});

describe('validatePolicy', () => {
  it('given a minimal valid policy, when validated, then there are no errors', () => {
    expect(validatePolicy(minimal())).toEqual([]);
  });

  it.each([null, 'policy', 42, []])(
    'given %p, when validated, then it reports an error instead of throwing',
    (value) => {
      expect(validatePolicy(value)).toEqual([{ pointer: '', message: 'must be object' }]);
    },
  );

  it('given an unknown category, sector and property, when validated, then each error points at the offending key', () => {
    // given
    const policy = {
      ...minimal(),
      extra: true,
      sectors: { ngo: { rules: { gossip: { action: { type: 'allow' } } } }, press: { rules: {} } },
    };

    // when
    const errors = validatePolicy(policy);

    // then
    expect(errors).toEqual(
      expect.arrayContaining([
        { pointer: '/extra', message: 'is not allowed here (unknown property)' },
        { pointer: '/sectors/press', message: 'is not allowed here (unknown property)' },
        { pointer: '/sectors/ngo/rules/gossip', message: 'is not allowed here (unknown property)' },
      ]),
    );
  });

  it('given a mask without a style and an unknown action, when validated, then the errors point into the action', () => {
    // given
    const policy = {
      ...minimal(),
      sectors: {
        ngo: { rules: { contact: { action: { type: 'mask' } }, health: { action: { type: 'shred' } } } },
      },
    };

    // when
    const errors = validatePolicy(policy);

    // then
    expect(errors).toEqual(
      expect.arrayContaining([
        { pointer: '/sectors/ngo/rules/contact/action/style', message: 'is required' },
        {
          pointer: '/sectors/ngo/rules/health/action/type',
          message: 'must be one of allow, drop, nullify, mask, hash, generalize',
        },
      ]),
    );
  });

  it('given a generalize action with nothing to generalize, when validated, then it is refused', () => {
    // given
    const policy = {
      ...minimal(),
      sectors: { ngo: { rules: { identity: { action: { type: 'generalize' } } } } },
    };

    // then
    expect(validatePolicy(policy)).toEqual([
      { pointer: '/sectors/ngo/rules/identity/action', message: 'must NOT have fewer than 2 properties' },
    ]);
  });

  it('given a grant for the emergency purpose, when validated, then it is refused: emergency goes through break-glass', () => {
    // given
    const policy = {
      ...minimal(),
      sectors: {
        ngo: {
          rules: {
            identity: {
              action: { type: 'drop' },
              grants: [
                {
                  purposes: ['care-coordination', 'emergency'],
                  requiresConsent: false,
                  action: { type: 'allow' },
                },
              ],
            },
          },
        },
      },
    };

    // then
    expect(validatePolicy(policy)).toEqual([
      {
        pointer: '/sectors/ngo/rules/identity/grants/0/purposes/1',
        message:
          '"emergency" is the break-glass purpose; list the category under breakGlass.categories instead',
      },
    ]);
  });

  it('given a break-glass reason minimum below 10, when validated, then it is refused', () => {
    // given
    const policy = {
      ...minimal(),
      sectors: {
        ngo: {
          rules: {},
          breakGlass: {
            roles: ['case-worker'],
            categories: ['contact'],
            durationMinutes: 60,
            minReasonLength: 3,
          },
        },
      },
    };

    // then
    expect(validatePolicy(policy)).toEqual([
      { pointer: '/sectors/ngo/breakGlass/minReasonLength', message: 'must be >= 10' },
    ]);
  });

  it('given routing with repeated ids and undeclared facets, when validated, then each is reported', () => {
    // given
    const flow = {
      kind: 'broadcast',
      id: 'alerts',
      eventTypes: ['org.beacon.alert.raised.v*'],
      facets: { urgency: '/urgency' },
      rules: [
        {
          id: 'r',
          to: { sectors: ['ngo'] },
          when: { ageGroup: { anyOf: ['child'] } },
          purpose: 'safety-planning',
        },
        { id: 'r', to: { sectors: ['ngo'] }, withinCoverage: true, purpose: 'safety-planning' },
      ],
    };
    const policy = { ...minimal(), routing: [flow, flow] };

    // when
    const errors = validatePolicy(policy);

    // then
    expect(errors).toEqual(
      expect.arrayContaining([
        { pointer: '/routing/1/id', message: 'repeats the id of /routing/0' },
        { pointer: '/routing/0/rules/1/id', message: 'rule id "r" is used twice in this flow' },
        {
          pointer: '/routing/0/rules/0/when/ageGroup',
          message: 'facet "ageGroup" is not declared in /routing/0/facets',
        },
        {
          pointer: '/routing/0/rules/1/withinCoverage',
          message: 'needs a "country" facet (and optionally "region", "locality") in /routing/0/facets',
        },
      ]),
    );
  });

  it('given a routing path that is not a JSON pointer, when validated, then it is refused', () => {
    // given
    const policy = {
      ...minimal(),
      routing: [
        {
          kind: 'addressed',
          id: 'referrals',
          eventTypes: ['org.beacon.referral.created.v*'],
          recipients: [{ role: 'receiver', path: 'to.organisation.partnerId' }],
          purpose: 'care-coordination',
        },
      ],
    };

    // then
    expect(validatePolicy(policy)).toEqual([
      { pointer: '/routing/0/recipients/0/path', message: 'must match pattern "^(/([^~/]|~[01])*)+$"' },
    ]);
  });
});

describe('compilePolicy and policyVersion', () => {
  it('given the same policy with keys in another order and other whitespace, then the version is the same', () => {
    // given
    const a = minimal();
    const b =
      JSON.parse(`{"routing":[],  "sectors":{"ngo":{"rules":{"operational":{"action":{"type":"allow"}}}}},
      "title":"Test","policyId":"test-policy"}`);

    // then
    expect(policyVersion(a)).toBe(policyVersion(b));
    expect(policyVersion(a)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('given a policy changed in one action, then the version changes', () => {
    // given
    const changed = minimal();
    changed.sectors.ngo.rules.operational.action.type = 'drop';

    // then
    expect(policyVersion(changed)).not.toBe(policyVersion(minimal()));
  });

  it('given the canonical form, then the version is the SHA-256 of it', () => {
    // given
    const canonical =
      '{"policyId":"test-policy","routing":[],"sectors":{"ngo":{"rules":{"operational":{"action":{"type":"allow"}}}}},"title":"Test"}';

    // then
    expect(policyVersion(minimal())).toBe(`sha256:${createHash('sha256').update(canonical).digest('hex')}`);
  });

  it('given a loader-supplied file hash, when compiling, then it is carried beside the content version', () => {
    // when
    const result = compilePolicy(minimal(), { fileSha256: 'f'.repeat(64) });

    // then
    expect(result).toMatchObject({ ok: true, policy: { id: 'test-policy', fileSha256: 'f'.repeat(64) } });
  });

  it('given a compiled policy, when the parsed object is changed afterwards, then the compiled policy is not', () => {
    // given
    const parsed = minimal();
    const result = compilePolicy(parsed);
    if (!result.ok) throw new Error('expected a valid policy');

    // when
    parsed.sectors.ngo.rules.operational.action.type = 'drop';

    // then
    expect(result.policy.document.sectors.ngo?.rules.operational?.action.type).toBe('allow');
    expect(result.policy.version).toBe(policyVersion(result.policy.document));
    expect(Object.isFrozen(result.policy.document.sectors)).toBe(true);
  });

  it('given an invalid policy, when compiling, then the errors are returned and no policy', () => {
    expect(compilePolicy({})).toEqual({
      ok: false,
      errors: expect.arrayContaining([{ pointer: '/policyId', message: 'is required' }]),
    });
  });
});
