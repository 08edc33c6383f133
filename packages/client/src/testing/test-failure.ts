/** Test helper: the ClientError a promise rejects with (anything else fails the test). */
import { ClientError } from '../errors/client-error.js';

export async function failure(p: Promise<unknown>): Promise<ClientError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ClientError) return e;
    throw e;
  }
  throw new Error('the run should have failed');
}
