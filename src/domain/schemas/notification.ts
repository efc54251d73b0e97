/** Input schema for `notification list` / a notification query. */
import * as z from 'zod/mini';
import { DELIVERY_STATUSES } from '../delivery-schedule.js';
import { customerIdSchema, requiredString, wholeNumberSchema } from './common.js';

const got = (input: unknown) => `got ${JSON.stringify(input)}`;

export const NOTIFICATION_STATUSES = ['queued', 'sent'] as const;

export const NotificationListFilter = z.object(
  {
    /** A booking id (UUID) or record locator. */
    booking: z.optional(requiredString()),
    customer_id: z.optional(customerIdSchema),
    alert_id: z.optional(wholeNumberSchema({ min: 1 })),
    status: z.optional(z.enum(NOTIFICATION_STATUSES, { error: (iss) => `expected one of ${NOTIFICATION_STATUSES.join(', ')}, ${got(iss.input)}` })),
    /** Only notifications with a delivery in this state (at `endpoint`, when given). */
    delivery: z.optional(z.enum(DELIVERY_STATUSES, { error: (iss) => `expected one of ${DELIVERY_STATUSES.join(', ')}, ${got(iss.input)}` })),
    /** Only notifications delivered (or to be delivered) to this webhook endpoint. */
    endpoint: z.optional(wholeNumberSchema({ min: 1, what: 'an endpoint id (a positive whole number)' })),
    limit: z._default(wholeNumberSchema({ min: 1, max: 1000 }), 100),
  },
  { error: (iss) => `expected an object with named fields, ${got(iss.input)}` },
);
export type NotificationListFilter = z.output<typeof NotificationListFilter>;
