import { BadRequestException } from '@nestjs/common';
import { InvalidParameterError } from './core/invalid-parameter.error';
import {
  SUBJECT_IDS_HEADER,
  SUBJECT_IDS_TRUNCATED_HEADER,
  subjectIdsHeader,
} from './core/subject-ids-header';

/** The part of Express's response the controllers use (headers before the body). */
export interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

/**
 * Runs a parameter check; an {@link InvalidParameterError} becomes HTTP 400
 * `{ statusCode, error, code: "invalid_parameter", parameter, message }`.
 */
export function checkParameters<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof InvalidParameterError)) throw error;
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      code: 'invalid_parameter',
      parameter: error.parameter,
      message: error.message,
    });
  }
}

/** Names the subjects a response is about, for the gateway's access recorder (bounded). */
export function nameSubjects(response: HeaderSink, ids: Iterable<string | null | undefined>): void {
  const header = subjectIdsHeader(ids);
  if (header.value !== '') response.setHeader(SUBJECT_IDS_HEADER, header.value);
  if (header.truncated) response.setHeader(SUBJECT_IDS_TRUNCATED_HEADER, 'true');
}
