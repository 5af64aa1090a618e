import { randomUUID } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { z } from 'zod';

/** Describes the index a table holds; written only after the table is complete, so a present manifest means a usable table. */
export const indexManifestSchema = z.object({
  schemaVersion: z.number().int(),
  /** Hash of everything the index was built from (see `indexContentHash`). */
  contentHash: z.string().min(1),
  /** The LanceDB table holding this build. */
  table: z.string().min(1),
  embedderId: z.string().min(1),
  dimensions: z.number().int().min(1),
  rows: z.number().int().min(0),
  corpusSourceHash: z.string(),
  builtAt: z.string(),
  buildMs: z.number().min(0),
});
export type IndexManifest = z.infer<typeof indexManifestSchema>;

/** The manifest at `path`, or undefined when it is missing or unreadable (both mean: rebuild). */
export async function readManifest(path: string): Promise<IndexManifest | undefined> {
  try {
    const parsed = indexManifestSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the manifest atomically (temp file, then rename), so readers see the old one or the new one, never half. */
export async function writeManifest(path: string, manifest: IndexManifest): Promise<void> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
