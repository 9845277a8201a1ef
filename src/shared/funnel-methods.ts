import { z } from 'zod';
import { funnelResultSchema, funnelSpecSchema, savedFunnelSchema } from './funnel-types';

/**
 * Funnel methods. Errors: error.FUNNEL_NOT_FOUND {id}, error.SEGMENT_SOURCE_MISSING {table},
 * error.RULE_UNKNOWN_FIELD {field, table}, error.PROFILE_NOT_BUILT.
 */
export const funnelMethods = {
  'funnel.run': { params: z.object({ spec: funnelSpecSchema }), result: funnelResultSchema },
  /**
   * Customers who reached step `reached` (0-based) but not step `notReached` (omit: converters of
   * the last step when reached is the last, else everybody at `reached`), as a static segment.
   */
  'funnel.segment': {
    params: z.object({ spec: funnelSpecSchema, reached: z.number().int().min(0).max(9), notReached: z.number().int().min(1).max(9).optional(), name: z.string().min(1).max(200) }),
    result: z.object({ segmentId: z.string(), customers: z.number().int() }),
  },
  'funnel.save': { params: z.object({ id: z.string().min(1).max(100).optional(), name: z.string().min(1).max(200), spec: funnelSpecSchema }), result: savedFunnelSchema },
  'funnel.list': { params: z.object({}).default({}), result: z.array(savedFunnelSchema) },
  'funnel.get': { params: z.object({ id: z.string().min(1).max(100), version: z.number().int().positive().optional() }), result: savedFunnelSchema },
  'funnel.history': { params: z.object({ id: z.string().min(1).max(100) }), result: z.array(savedFunnelSchema) },
} as const;
