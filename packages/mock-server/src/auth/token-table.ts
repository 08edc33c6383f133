import { MockError } from '../errors/mock-error.js';

/** The credentials of one request. */
export interface Credentials {
  /** The `Authorization` header, if any. */
  readonly authorization: string | undefined;
  /** Every `access_token` query parameter. */
  readonly accessTokens: readonly string[];
  /** The merchant the request addresses. */
  readonly merchantId: string;
}

const BEARER = /^Bearer[ \t]+([\x21-\x7e]+)[ \t]*$/i;

function unauthorized(details: string): MockError {
  return new MockError('UNAUTHORIZED', '401 Unauthorized', { details });
}

/**
 * Which token belongs to which merchant, and the check Clover makes on every request. Clover
 * answers 401 (never 403) for a missing or bad token, a token of another merchant and an
 * `access_token` query parameter (docs "401 Unauthorized", 2024), unless `acceptQueryToken`
 * restores the 2016-2019 behaviour of accepting it.
 *
 * @example tokens.authenticate({ authorization: 'Bearer secret', accessTokens: [], merchantId: 'M' })
 */
export class TokenTable {
  private readonly merchantOf: ReadonlyMap<string, string>;
  private readonly acceptQueryToken: boolean;

  constructor(
    merchants: readonly { readonly id: string; readonly token: string }[],
    acceptQueryToken: boolean,
  ) {
    this.merchantOf = new Map(merchants.map((m) => [m.token, m.id]));
    this.acceptQueryToken = acceptQueryToken;
  }

  /** The token of an authorised request; throws `UNAUTHORIZED` otherwise. */
  authenticate(credentials: Credentials): string {
    const { authorization, accessTokens, merchantId } = credentials;
    if (accessTokens.length > 0 && !this.acceptQueryToken) {
      throw unauthorized(
        'The access_token query parameter is not accepted; use the Authorization header',
      );
    }
    if (accessTokens.length > 1) throw unauthorized('access_token given more than once');
    let token: string | undefined;
    if (authorization !== undefined) {
      token = BEARER.exec(authorization)?.[1];
      if (token === undefined)
        throw unauthorized('Malformed Authorization header; expected Bearer <token>');
    } else {
      token = accessTokens[0];
    }
    if (token === undefined) throw unauthorized('Missing Authorization header');
    const owner = this.merchantOf.get(token);
    if (owner === undefined) throw unauthorized('Invalid token');
    if (owner !== merchantId) throw unauthorized('The token does not belong to this merchant');
    return token;
  }
}
