/**
 * The learned candidate sources fitted on a set of training charts: vocabulary and idf, the text
 * model, the neighbour index, code frequencies and how often each code the rules propose is assigned. Used for every cross-validation fold and for the
 * final model; `modelParts` turns the final one into the model file's fields.
 */
import type { ModelFile } from '../rank-codes/model-file.js';
import { toB64 } from '../rank-codes/model-file.js';
import { neighbourIndex } from '../rank-codes/neighbours.js';
import { labelKey } from '../rank-codes/candidates.js';
import { labelsByCategory, type RankModel } from '../rank-codes/rank-model.js';
import type { RuleOutcome } from '../rank-codes/rank-features.js';
import { buildVocabulary, vectorize, type SparseVector } from '../rank-codes/text-features.js';
import { fitTextModel, textScorer, type LabelWeights, type TextModelOptions } from '../rank-codes/text-model.js';
import type { TrainingChart } from './training-charts.js';

export interface PartsOptions {
  minDf: number;
  maxTerms: number;
  text: TextModelOptions;
  candidates: RankModel['options'];
}

export interface FittedParts {
  model: RankModel;
  weights: LabelWeights[];
  vectors: SparseVector[];
}

export function fitParts(charts: TrainingChart[], opts: PartsOptions): FittedParts {
  const vocab = buildVocabulary(
    charts.map((c) => c.counts),
    opts.minDf,
    opts.maxTerms,
  );
  const vectors = charts.map((c) => vectorize(c.counts, vocab));
  const dims = vocab.terms.length;
  const weights = fitTextModel(
    vectors,
    charts.map((c) => c.gold),
    dims,
    opts.text,
  );
  const frequency = new Map<string, number>();
  for (const c of charts) for (const l of c.gold) frequency.set(l, (frequency.get(l) ?? 0) + 1);
  const sorted = new Map([...frequency].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  // how often a code the rules propose is one the coder assigned, per code: the corpus's habits the lexicon does not know
  const outcomes = new Map<string, RuleOutcome>();
  for (const c of charts)
    for (const key of new Set(c.record.codes.map((s) => labelKey(s.system, s.code)))) {
      const o = outcomes.get(key) ?? { proposed: 0, gold: 0 };
      o.proposed++;
      if (c.gold.has(key)) o.gold++;
      outcomes.set(key, o);
    }
  return {
    weights,
    vectors,
    model: {
      vocab,
      text: textScorer(weights, dims),
      neighbours: neighbourIndex(
        vectors,
        charts.map((c) => [...c.gold].sort()),
        dims,
      ),
      byCategory: labelsByCategory(sorted.keys()),
      frequency: sorted,
      ruleOutcomes: new Map([...outcomes].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
      trainingCharts: charts.length,
      options: opts.candidates,
    },
  };
}

export function modelParts(
  parts: FittedParts,
  charts: TrainingChart[],
): Pick<ModelFile, 'vocabulary' | 'text' | 'neighbours' | 'frequency' | 'ruleOutcomes'> {
  return {
    vocabulary: { terms: parts.model.vocab.terms, idf: toB64(parts.model.vocab.idf) },
    text: parts.weights.map((w) => ({ label: w.label, bias: w.bias, idx: toB64(w.idx), w: toB64(w.w) })),
    neighbours: {
      labels: charts.map((c) => [...c.gold].sort()),
      idx: parts.vectors.map((v) => toB64(v.idx)),
      val: parts.vectors.map((v) => toB64(v.val)),
    },
    frequency: Object.fromEntries(parts.model.frequency),
    ruleOutcomes: Object.fromEntries([...parts.model.ruleOutcomes].map(([k, o]) => [k, [o.proposed, o.gold]])),
  };
}
