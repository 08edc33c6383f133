/** The zod schema of the connection settings, in its own module so zod loads only when needed. */

import { REGIONS } from '@cloverql/dsl';
import { z } from 'zod';

/**
 * Validates token, merchant id, base URL and region as given by flags or environment.
 *
 * @example connectionSchema.safeParse({ token: 't', merchantId: 'MERCHANT00001' })
 */
export const connectionSchema = z.object({
  token: z.string().trim().min(1, 'must not be empty').optional(),
  merchantId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{1,64}$/, 'must be a Clover merchant id such as MERCHANT00001')
    .optional(),
  baseUrl: z
    .url({
      protocol: /^https?$/,
      error: 'must be an http(s) URL such as https://apisandbox.dev.clover.com',
    })
    .optional(),
  region: z.enum(REGIONS, { error: `must be one of ${REGIONS.join(', ')}` }).optional(),
});
