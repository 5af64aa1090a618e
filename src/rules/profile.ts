// zod-openapi's z, so the schema can be documented (.openapi) whatever the import order.
import { z } from '@hono/zod-openapi';
import { PROFILE_FLAGS, type ProfileFlag } from './schema.js';

const flag = (description: string) => z.boolean().optional().describe(description);

/** The enterprise profile of CONTRACT.md; every field optional, unknown fields refused. */
export const profileSchema = z
  .object({
    industry: z.string().trim().min(1).max(100).optional().describe('Industry: free text in Chinese or English, or a canonical id'),
    aboveDesignatedSize: flag('规模以上工业企业 / above designated size'),
    centralSoe: flag('中央企业所属工业企业 / enterprise of a central SOE'),
    stateOwned: flag('国有企业 / state-owned enterprise'),
    sme: flag('中小企业 / small or medium-sized enterprise'),
    provincialPark: flag('位于省级以上工业园区 / in a provincial-level or higher industrial park'),
    auditPassed: flag('已通过清洁生产审核评估 / passed a cleaner production audit assessment'),
  })
  .strict();
export type Profile = z.infer<typeof profileSchema>;

export type ProfileField = 'industry' | ProfileFlag;
export const PROFILE_FIELDS: readonly ProfileField[] = ['industry', ...PROFILE_FLAGS];
