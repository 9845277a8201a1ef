import { z } from 'zod';

/**
 * Masking as a control. Personal data (names, ID numbers, mobile numbers) leaves the engine
 * masked — the SQL console reads the workspace through masked views — until the user unmasks,
 * giving a reason; every unmasking is a row of the audit log (`_sw_audit`: when, OS user, what,
 * reason). A request with `unmasked: true` is refused while the engine is masked.
 */
export const unmaskReasonSchema = z.string().trim().min(2).max(500);

export const auditEntrySchema = z.object({
  id: z.string(),
  /** ISO-8601 UTC. */
  at: z.string(),
  osUser: z.string(),
  /** What was done: 'unmask', 'mask', later 'export' (campaigns). */
  action: z.string(),
  reason: z.string().nullable(),
  /** Action-specific facts as JSON text (for an export: campaign, files, hashes…). */
  details: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const privacyStatusSchema = z.object({
  unmasked: z.boolean(),
  /** The reason and time of the unmasking in force. */
  reason: z.string().nullable(),
  since: z.string().nullable(),
});
export type PrivacyStatus = z.infer<typeof privacyStatusSchema>;

export const privacyMethods = {
  /** Shows personal data in clear from now on (until privacy.mask); the reason goes into the audit log. */
  'privacy.unmask': {
    params: z.object({ reason: unmaskReasonSchema, scope: z.string().max(200).default('workspace') }),
    result: privacyStatusSchema.extend({ auditId: z.string() }),
  },
  /** Masks personal data again. */
  'privacy.mask': {
    params: z.object({}).default({}),
    result: privacyStatusSchema,
  },
  'privacy.status': {
    params: z.object({}).default({}),
    result: privacyStatusSchema,
  },
  /** The audit log, newest first. */
  'audit.list': {
    params: z.object({ limit: z.number().int().min(1).max(10_000).default(200), action: z.string().optional() }).default({ limit: 200 }),
    result: z.array(auditEntrySchema),
  },
} as const;
