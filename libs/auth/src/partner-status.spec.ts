import { AuthError } from './auth-error';
import { assertPartnerMayAct, isOperator, type PartnerStatusCheck } from './partner-status';
import type { Principal } from './principal';

const worker: Principal = {
  subject: 'cw-1',
  partnerId: 'metro-police',
  sector: 'law-enforcement',
  roles: ['case-worker'],
};
const operatorAuditor: Principal = {
  subject: 'au-1',
  partnerId: 'beacon',
  sector: 'beacon',
  roles: ['auditor'],
};

/** A check over a fixed table of refusals, as the gateway's directory would answer. */
const checkOf = (refusals: Record<string, string>): PartnerStatusCheck & { asked: string[] } => {
  const asked: string[] = [];
  return {
    asked,
    refusalFor: (partnerId) => {
      asked.push(partnerId);
      return refusals[partnerId];
    },
  };
};

describe('assertPartnerMayAct', () => {
  it('given a partner the check lets act, when its principal is checked, then it passes', () => {
    // given
    const check = checkOf({});

    // when / then
    expect(() => assertPartnerMayAct(check, worker)).not.toThrow();
    expect(check.asked).toEqual(['metro-police']);
  });

  it('given a suspended partner, when its principal is checked, then it is refused partner_inactive with the reason', () => {
    // given
    const check = checkOf({ 'metro-police': 'partner metro-police is suspended' });

    // when
    const refusal = (() => {
      try {
        assertPartnerMayAct(check, worker);
        return undefined;
      } catch (error) {
        return error;
      }
    })();

    // then
    expect(refusal).toBeInstanceOf(AuthError);
    expect(refusal).toMatchObject({ code: 'partner_inactive', message: 'partner metro-police is suspended' });
  });

  it('given every role of a refused partner, when checked, then each is refused (the partner decides, not the role)', () => {
    // given
    const check = checkOf({ 'metro-police': 'partner metro-police is removed' });

    // when / then
    for (const role of ['partner-system', 'case-worker', 'supervisor', 'auditor', 'admin'] as const)
      expect(() => assertPartnerMayAct(check, { ...worker, roles: [role] })).toThrow(
        'partner metro-police is removed',
      );
  });

  it('given the operator, when checked, then it passes without asking (the operator is not a partner)', () => {
    // given
    const check = checkOf({ beacon: 'partner beacon is not in the partner directory' });

    // when / then
    expect(() => assertPartnerMayAct(check, operatorAuditor)).not.toThrow();
    expect(check.asked).toEqual([]);
  });

  it('given a partner principal that claims the operator sector only, when checked, then it is asked like any partner', () => {
    // given
    const check = checkOf({ 'metro-police': 'partner metro-police is suspended' });

    // when / then
    expect(isOperator({ ...worker, sector: 'beacon' })).toBe(false);
    expect(() => assertPartnerMayAct(check, { ...worker, sector: 'beacon' })).toThrow('is suspended');
  });

  it('given no check (an app without a directory), when checked, then everyone passes', () => {
    // when / then
    expect(() => assertPartnerMayAct(undefined, worker)).not.toThrow();
  });
});
