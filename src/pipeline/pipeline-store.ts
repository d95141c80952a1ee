/**
 * A pipeline's own code-set store (config key `codeStore`): the folder it codes with when neither
 * --code-store nor CHARTCODER_CODE_STORE names one, and the official release files it is imported from
 * the first time (the CodiEsp pipeline and its model need the official FY2026 ICD-10-CM and ICD-10-PCS,
 * not the starter set). Paths are relative to the config. A release file that is missing is a coded
 * error saying which file and how else to give the releases.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { importRelease } from '../code-systems/import-release.js';
import { filledDefaultStore, listBundles, STORE_ENV } from '../code-systems/store.js';
import { ChartcoderError } from '../contract/errors.js';

const file = z.string().min(1);

export const pipelineStoreSchema = z
  .object({
    why: z.string().min(1),
    path: file,
    import: z
      .array(
        z
          .object({
            system: z.enum(['icd10cm', 'icd10pcs']),
            fy: z.number().int(),
            order: file,
            tabular: file.optional(),
            index: file.optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export type PipelineStore = z.infer<typeof pipelineStoreSchema>;

export function resolvePipelineStore(store: PipelineStore, configFile: string): PipelineStore {
  const abs = (p: string) => path.resolve(path.dirname(configFile), p);
  return {
    ...store,
    path: abs(store.path),
    import: store.import.map((r) => ({
      ...r,
      order: abs(r.order),
      ...(r.tabular ? { tabular: abs(r.tabular) } : {}),
      ...(r.index ? { index: abs(r.index) } : {}),
    })),
  };
}

/**
 * The store to code with: the one given (option or environment), else the pipeline's own, with its
 * releases imported when missing (`onImport` is told, for the CLI to say why the first run is slower);
 * else the default store (`~/.chartcoder/code-sets`) when `codes import` put releases there; else none (the
 * starter set). Every command that codes charts (run, eval, explain, train) asks here, so they code alike.
 */
export function storeFor(
  config: { name: string; file: string; codeStore?: PipelineStore },
  given?: string,
  onImport?: (system: string, fy: number) => void,
): string | undefined {
  const named = given ?? process.env[STORE_ENV];
  if (named) return named;
  const own = config.codeStore;
  if (!own) return filledDefaultStore();
  for (const r of own.import) {
    if (listBundles(own.path, r.system).some((b) => b.manifest.version === `fy${r.fy}`)) continue;
    for (const f of [r.order, r.tabular, r.index]) {
      if (f !== undefined && !existsSync(f)) {
        throw new ChartcoderError(
          'CODESET_NOT_FOUND',
          `pipeline "${config.name}" codes with the official ${r.system} FY${r.fy} release: expected its file here (the shared data folder beside the checkout), or give --code-store (or ${STORE_ENV}) naming a store where it is imported (docs/code-sets.md)`,
          f,
        );
      }
    }
    onImport?.(r.system, r.fy);
    try {
      importRelease({
        system: r.system,
        year: r.fy,
        files: { order: r.order, ...(r.tabular ? { tabular: r.tabular } : {}), ...(r.index ? { index: r.index } : {}) },
        store: own.path,
      });
    } catch (e) {
      // another process imported it at the same moment: what matters is that it is there now
      if (!listBundles(own.path, r.system).some((b) => b.manifest.version === `fy${r.fy}`)) throw e;
    }
  }
  return own.path;
}
