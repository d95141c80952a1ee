/**
 * rank-codes — the learned stage. With the model file `chartcoder train` wrote (option `model`), it
 * proposes candidates beyond the rules (the text model's best codes, the nearest coded training
 * charts' codes, hierarchy neighbours of rule codes), scores every candidate with the re-ranker, puts
 * the fused score on every rule suggestion (`features.rankScore`, which score-confidence calibrates) and
 * adds the model-only codes that reach the model's threshold, flagged `model_only` (always review) with
 * the sentence that supports them most. It runs before apply-guidelines, so the Official Guidelines
 * still decide what is reported. Without a model it changes nothing.
 * Requires: codes, mentions. Produces: codes.
 * Example: "CT of the abdomen showed a hepatic mass" with a CodiEsp model → BW20 (model_only, review) with that sentence.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { CodeSystemId } from '../contract/chart-record.js';
import { listBundles, resolveStore } from '../code-systems/store.js';
import { loadStarterCodeSystem } from '../code-systems/starter.js';
import { ChartcoderError } from '../contract/errors.js';
import { loadSectionGroups, SHIPPED_SECTION_GROUPS } from '../contract/section-groups.js';
import type { ChartStage } from '../contract/stage.js';
import { applyRanking } from './apply-ranking.js';
import { loadWordForms, SHIPPED_WORD_FORMS } from '../text/word-forms.js';
import { loadRankModel, scoreChart, type LoadedModel } from './rank-model.js';

const options = z
  .object({
    /**
     * The model file (relative to the config), written by `chartcoder train`; recorded with its sha256 so the
     * manifest names the model and --resume refuses a batch whose model changed. Absent: the stage does nothing.
     */
    model: z
      .string()
      .transform((file, ctx) => {
        if (!existsSync(file)) {
          ctx.addIssue({ code: 'custom', message: 'expected a model file written by "chartcoder train", found none' });
          return z.NEVER;
        }
        return { file, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
      })
      .optional(),
    /** Conclusion and narrative sections, for the re-ranker's features (section-groups.json). */
    sectionGroups: z.string().default(SHIPPED_SECTION_GROUPS),
    /** Words charts write in another form than the code titles ('renal': kidney), for the wording features. */
    wordForms: z.string().default(SHIPPED_WORD_FORMS),
  })
  .strict();

type Options = z.infer<typeof options>;

/** The model's releases must be the ones the chart is coded with (the part before `+starter…`). */
const release = (version: string) => version.split('+')[0]!;

export function checkModel(
  loaded: LoadedModel,
  file: string,
  pipeline: string,
  versions: Record<string, string>,
): void {
  const f = loaded.file;
  if (f.pipeline !== pipeline) {
    throw new ChartcoderError(
      'CONFIG_MODEL_MISMATCH',
      `expected a model trained with pipeline "${pipeline}", found one trained with "${f.pipeline}"; train it with this pipeline`,
      file,
    );
  }
  for (const [system, version] of Object.entries(f.codeSets)) {
    const used = versions[system];
    if (used !== undefined && release(used) !== release(version)) {
      throw new ChartcoderError(
        'CONFIG_MODEL_MISMATCH',
        `expected ${system} ${release(version)} (the release the model was trained with), found ${release(used)}; train the model on this release or code with that one`,
        file,
      );
    }
  }
}

const MODELS = new Map<string, LoadedModel>();

/** One load per worker and model file (by its hash): the same model serves every release set of a batch. */
function cachedModel(file: string, sha256: string): LoadedModel {
  let m = MODELS.get(sha256);
  if (!m) MODELS.set(sha256, (m = loadRankModel(file)));
  return m;
}

export const rankCodesStage: ChartStage<Options> = {
  kind: 'chart',
  name: 'rank-codes',
  requires: ['codes', 'mentions'],
  produces: ['codes'],
  options,
  check(opts) {
    loadSectionGroups(opts.sectionGroups);
    loadWordForms(opts.wordForms);
  },
  setup(opts, ctx) {
    if (!opts.model) return (record) => record;
    const loaded = cachedModel(opts.model.file, opts.model.sha256);
    checkModel(loaded, opts.model.file, ctx.pipeline.name, ctx.codeSets.versions());
    const systems = new Set<CodeSystemId>(ctx.codeSets.systems);
    const groups = loadSectionGroups(opts.sectionGroups);
    const forms = loadWordForms(opts.wordForms);
    return (record) =>
      applyRanking(
        record,
        scoreChart(record, loaded.model, ctx.codeSets, systems, groups, forms),
        loaded.model,
        ctx.codeSets,
      );
  },
  async openBatch(opts, ctx) {
    if (!opts.model) return { close: async () => ({ model: null }) };
    // Checked here too, on the calling thread before anything is written: a mismatch is a config error (exit 1).
    const loaded = cachedModel(opts.model.file, opts.model.sha256);
    const versions: Record<string, string> = {};
    for (const system of Object.keys(loaded.file.codeSets) as CodeSystemId[]) {
      const bundles = ctx.codeStore === undefined ? [] : listBundles(resolveStore(ctx.codeStore), system);
      const newest = bundles.at(-1)?.manifest.version;
      versions[system] = newest ?? loadStarterCodeSystem(system).version;
    }
    checkModel(loaded, opts.model.file, ctx.pipeline.name, versions);
    const report = {
      model: {
        file: opts.model.file,
        sha256: opts.model.sha256,
        trainedOn: loaded.file.trainingData,
        codeSets: loaded.file.codeSets,
        crossValidated: loaded.file.metrics['crossValidated'],
      },
    };
    return { close: async () => report };
  },
};
