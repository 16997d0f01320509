import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpStatus,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { CommandBus, QueryBus, type Command } from '@nestjs/cqrs';
import type { Principal, Role } from '@beacon/auth';
import { ReferralNotFoundError, type ReferralChanged } from '../commands/change-referral';
import {
  InvalidReferralOutcomeError,
  InvalidReferralTransitionError,
  ReferralActorNotPermittedError,
  type ReferralActor,
} from '../domain/referral.decider';
import type { Checked, RequestProblem } from '../domain/referral-requests';
import type { DisclosedReferral, ReferralCaller } from '../disclosure/referral-disclosure';
import { GetReferralQuery } from '../queries/get-referral/get-referral.query';
import { subjectIdsHeader, type ReferralDetailView } from '../referral-view';

/*
 * What every referral route shares: the error answers (one shape,
 * `{ statusCode, error, message, code }`, plus `errors` naming each field
 * when the request is at fault), the subject-ids header the gateway's access
 * recorder reads, and the path every action takes from command to answer.
 */

/**
 * Who may read a partner's referrals (list and detail). Supervisors oversee
 * the case workers' queue, escalations included, but read only: every
 * action (accept, decline, start, close, withdraw, reassign) stays with
 * `case-worker`, so the history always names the worker who acted.
 */
export const REFERRAL_READER_ROLES: readonly [Role, ...Role[]] = ['case-worker', 'supervisor'];

/** The response header naming the subjects whose referral data an answer carries. */
export const SUBJECT_IDS_HEADER = 'x-beacon-subject-ids';

/** What a route needs of the response: Express's `setHeader`. */
export interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** 400 naming every parameter or field at fault. */
export function invalidRequest(problems: readonly RequestProblem[]): BadRequestException {
  return new BadRequestException({
    statusCode: HttpStatus.BAD_REQUEST,
    error: 'Bad Request',
    message: problems.map((p) => `${p.field}: ${p.message}`).join('; '),
    code: 'invalid_request',
    errors: problems,
  });
}

/** The value when the check passed; a 400 naming each problem otherwise. */
export function checked<T>(result: Checked<T>): T {
  if (!result.ok) throw invalidRequest(result.problems);
  return result.value;
}

/** The path's referral id, lower-cased; 400 naming `id` when it is not a UUID. */
export function referralIdFrom(raw: string): string {
  if (!UUID.test(raw)) throw invalidRequest([{ field: 'id', message: 'must be a referral id (a UUID)' }]);
  return raw.toLowerCase();
}

/** 404, the same whether the referral does not exist or involves other partners only. */
export function referralNotFound(referralId: string): NotFoundException {
  return new NotFoundException({
    statusCode: HttpStatus.NOT_FOUND,
    error: 'Not Found',
    message: `your organisation is party to no referral ${referralId}`,
    code: 'not_found',
  });
}

/**
 * Sets `x-beacon-subject-ids` for the subjects an answer concerns (nothing
 * for none). In clear, whatever the answer shows of them: the header is for
 * the gateway's access record, which auditors read, and the gateway removes
 * it before the answer leaves (config/policies, apiFields.operational).
 */
export function nameSubjects(response: HeaderSink, subjectIds: readonly string[]): void {
  const value = subjectIdsHeader(subjectIds);
  if (value !== '') response.setHeader(SUBJECT_IDS_HEADER, value);
}

/** The caller a referral answer is decided for: the verified token's partner and sector. */
export function callerOf(principal: Principal): ReferralCaller {
  return { partnerId: principal.partnerId, sector: principal.sector };
}

/** The acting case worker, from the verified token only. */
export function actorFrom(principal: Principal): ReferralActor {
  return {
    partnerId: principal.partnerId,
    // Bounded as the case-worker schema bounds them, so the status-changed event stays valid.
    caseWorker: {
      workerId: principal.subject.slice(0, 100),
      name: (principal.name ?? principal.subject).slice(0, 200),
    },
  };
}

/** The 200 answer of an action. */
export interface ReferralActionResult {
  /** The ids of the `referral.status-changed` events it publishes (none for a reassignment). */
  readonly eventIds: readonly string[];
  /** The referral after the action, with its history, as the caller may see it. */
  readonly referral: DisclosedReferral<ReferralDetailView>;
}

/**
 * Runs a case worker's command and turns its outcome into the answer:
 * 200 with the referral after it, 404 (not a party), 403 (the other party's
 * action), 409 with the referral as it stands (the status does not allow it).
 */
@Injectable()
export class ReferralActions {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  /**
   * An action from its HTTP request: the id and the body checked first (400
   * naming each field at fault), then the command `build` makes of them run
   * as {@link run} does.
   */
  async perform<B>(
    request: { principal: Principal; id: string; body: unknown; response: HeaderSink },
    check: (raw: unknown) => Checked<B>,
    build: (referralId: string, actor: ReferralActor, body: B) => Command<ReferralChanged>,
  ): Promise<ReferralActionResult> {
    const referralId = referralIdFrom(request.id);
    const body = checked(check(request.body));
    const command = build(referralId, actorFrom(request.principal), body);
    return this.run(request.principal, referralId, command, request.response);
  }

  private async run(
    principal: Principal,
    referralId: string,
    command: Command<ReferralChanged>,
    response: HeaderSink,
  ): Promise<ReferralActionResult> {
    let changed: ReferralChanged;
    try {
      changed = await this.commandBus.execute(command);
    } catch (error) {
      throw await this.refusal(error, principal, referralId, response);
    }
    const referral = await this.current(principal, referralId, response);
    return { eventIds: changed.eventIds, referral };
  }

  private async current(
    principal: Principal,
    referralId: string,
    response: HeaderSink,
  ): Promise<DisclosedReferral<ReferralDetailView>> {
    const answer = await this.queryBus.execute(new GetReferralQuery(callerOf(principal), referralId));
    if (answer === undefined) throw referralNotFound(referralId);
    nameSubjects(response, answer.subjectIds);
    return answer.referral;
  }

  private async refusal(
    error: unknown,
    principal: Principal,
    referralId: string,
    response: HeaderSink,
  ): Promise<unknown> {
    if (error instanceof ReferralNotFoundError) return referralNotFound(referralId);
    if (error instanceof InvalidReferralOutcomeError) {
      return invalidRequest([{ field: 'reason', message: error.message }]);
    }
    if (error instanceof ReferralActorNotPermittedError) {
      return new ForbiddenException({
        statusCode: HttpStatus.FORBIDDEN,
        error: 'Forbidden',
        message: `only the referral's ${error.requiredRole} may do this`,
        code: 'wrong_party',
      });
    }
    if (error instanceof InvalidReferralTransitionError) {
      const current = await this.current(principal, referralId, response);
      return new ConflictException({
        statusCode: HttpStatus.CONFLICT,
        error: 'Conflict',
        message: `the referral is ${current.status}; ${error.command} does not apply`,
        code: 'invalid_transition',
        current,
      });
    }
    return error;
  }
}
