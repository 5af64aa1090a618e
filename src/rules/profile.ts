// zod-openapi's z, so the schema can be documented (.openapi) whatever the import order.
import { z } from '@hono/zod-openapi';
import type { ProfileFile } from '../plan/schema.js';

/**
 * The enterprise profile a pack's rules read: `industry` (free text, an alias or an id) and
 * the pack's own flags, each true, false or not given. Not given is not false.
 */
export type Profile = { industry?: string } & Record<string, boolean | string | undefined>;
/** `industry` or one of a pack's flag ids. */
export type ProfileField = string;

export const MAX_INDUSTRY_LENGTH = 100;

/** The profile schema of a pack: its flags, every field optional, unknown fields refused. */
export function profileSchemaFor(profile: ProfileFile) {
  const shape: Record<string, z.ZodTypeAny> = {
    industry: z.string().trim().min(1).max(MAX_INDUSTRY_LENGTH).optional().describe(profile.industry.description),
  };
  for (const flag of profile.flags) shape[flag.id] = z.boolean().optional().describe(flag.description);
  return z.object(shape).strict();
}

/** The profile as the API accepts it before the pack is known: any flags, checked against the pack afterwards. */
export const looseProfileSchema = z
  .object({ industry: z.string().trim().min(1).max(MAX_INDUSTRY_LENGTH).optional() })
  .catchall(z.boolean())
  .describe('The enterprise profile: `industry` and the plan pack’s flags (see GET /v1/plans/{plan})');

/** The flag ids of a pack, in its order. */
export function flagIds(profile: ProfileFile): string[] {
  return profile.flags.map((flag) => flag.id);
}
