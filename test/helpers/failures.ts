/** The error a promise fails with, checked to be one a person can act on (UserFacingError). */
import { expect } from 'vitest';
import { UserFacingError } from '../../src-main/services/errors';

export async function failureOf(promise: Promise<unknown>): Promise<UserFacingError> {
  const error = await promise.then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(UserFacingError);
  return error as UserFacingError;
}
