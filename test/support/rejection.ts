import { expect } from "vitest";
import { IntegrationError } from "../../src/domain/errors.js";

/** The `IntegrationError` a call rejects with (fails the test if it resolves or throws another). */
export async function failure(promise: Promise<unknown>): Promise<IntegrationError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IntegrationError);
  return error as IntegrationError;
}
