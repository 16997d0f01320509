import { AuthError } from './auth-error';
import { hasAnyRole, isRole, isSector, type Principal, principalFromClaims } from './principal';

const claims = {
  sub: 'user-42',
  partner_id: 'st-mary-hospital',
  sector: 'health-care',
  roles: ['case-worker'],
};

function refusalOf(act: () => unknown): AuthError {
  try {
    act();
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
  throw new Error('expected the claims to be refused, but they were accepted');
}

describe('principalFromClaims', () => {
  it('maps the token claims onto a principal', () => {
    // given
    const full = { ...claims, name: 'Sam Okafor', jti: 'token-0002', iss: 'ignored', custom: 'ignored' };

    // when
    const principal = principalFromClaims(full);

    // then
    expect(principal).toEqual({
      subject: 'user-42',
      partnerId: 'st-mary-hospital',
      sector: 'health-care',
      roles: ['case-worker'],
      name: 'Sam Okafor',
      tokenId: 'token-0002',
    });
  });

  it('leaves name and tokenId out when the token has neither', () => {
    // when
    const principal = principalFromClaims(claims);

    // then
    expect(Object.keys(principal).sort()).toEqual(['partnerId', 'roles', 'sector', 'subject']);
  });

  it('drops repeated roles', () => {
    // when
    const principal = principalFromClaims({ ...claims, roles: ['auditor', 'case-worker', 'auditor'] });

    // then
    expect(principal.roles).toEqual(['auditor', 'case-worker']);
  });

  it('given a supervisor token, then the principal holds the supervisor role', () => {
    // when
    const principal = principalFromClaims({ ...claims, roles: ['supervisor'] });

    // then
    expect(principal.roles).toEqual(['supervisor']);
  });

  it('returns a principal that cannot be changed afterwards', () => {
    // when
    const principal = principalFromClaims(claims);

    // then
    expect(Object.isFrozen(principal)).toBe(true);
    expect(Object.isFrozen(principal.roles)).toBe(true);
  });

  it.each([
    ['sub is empty', { ...claims, sub: '   ' }, 'invalid_claim', '"sub"'],
    ['partner_id is a number', { ...claims, partner_id: 7 }, 'invalid_claim', '"partner_id"'],
    ['sector has the wrong case', { ...claims, sector: 'NGO' }, 'invalid_claim', '"NGO"'],
    ['name is not a string', { ...claims, name: { first: 'Sam' } }, 'invalid_claim', '"name"'],
    ['jti is not a string', { ...claims, jti: 12 }, 'invalid_claim', '"jti"'],
  ])('refuses claims where %s', (_case, input, code, named) => {
    // when
    const error = refusalOf(() => principalFromClaims(input));

    // then
    expect(error.code).toBe(code);
    expect(error.message).toContain(named);
  });

  it('quotes a hostile claim value short and escaped', () => {
    // given: a sector crafted to forge a log line
    const sector = `ngo\n2025-06-01 INFO access granted to admin ${'x'.repeat(200)}`;

    // when
    const error = refusalOf(() => principalFromClaims({ ...claims, sector }));

    // then
    expect(error.message).not.toContain('\n');
    expect(error.message).toContain('"ngo\\n2025');
    expect(error.message.length).toBeLessThan(200);
  });
});

describe('hasAnyRole', () => {
  const auditor: Principal = {
    subject: 'a',
    partnerId: 'beacon',
    sector: 'beacon',
    roles: ['auditor', 'admin'],
  };

  it('is true when one of the required roles is held', () => {
    expect(hasAnyRole(auditor, ['case-worker', 'admin'])).toBe(true);
  });

  it('is false when none of them is held', () => {
    expect(hasAnyRole(auditor, ['case-worker', 'partner-system'])).toBe(false);
  });

  it('is false for an empty requirement, which no principal can meet', () => {
    expect(hasAnyRole(auditor, [])).toBe(false);
  });
});

describe('vocabulary guards', () => {
  it('knows the roles and sectors exactly', () => {
    expect(['partner-system', 'case-worker', 'auditor', 'admin'].every(isRole)).toBe(true);
    expect(isRole('Admin')).toBe(false);
    expect(
      ['law-enforcement', 'health-care', 'ngo', 'education', 'social-services', 'beacon'].every(isSector),
    ).toBe(true);
    expect(isSector('military')).toBe(false);
    expect(isSector(undefined)).toBe(false);
  });
});
