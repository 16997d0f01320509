/** A query parameter that is unknown, repeated or malformed; the API answers 400 naming it. */
export class InvalidParameterError extends Error {
  constructor(
    readonly parameter: string,
    readonly problem: string,
  ) {
    super(`query parameter "${parameter}" ${problem}`);
    this.name = 'InvalidParameterError';
  }
}
