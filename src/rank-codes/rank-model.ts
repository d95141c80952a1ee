/**
 * The learned parts together, as training builds them for a fold and as rank-codes loads them from
 * a model file: the vocabulary, the text model, the neighbour index, code frequencies and one
 * re-ranker per kind of code (diagnoses; procedures). `scoreChart` gives every candidate of a chart
 * its features and fused probability.
 */
import type { ChartRecord, CodeSystemId } from '../contract/chart-record.js';
import type { CodeSetRegistry } from '../contract/code-sets.js';
import { shippedSectionGroups, type SectionGroups } from '../contract/section-groups.js';
import { recordFeatures } from '../scoring/features.js';
import { dot, sigmoid } from '../scoring/model-math.js';
import { featureValues, predict, PRIOR_MODEL } from '../scoring/scorer.js';
import { candidatesFor, categoryKey, type Candidate, type CandidateSources } from './candidates.js';
import { ChartcoderError } from '../contract/errors.js';
import { float32Of, int32Of, readModelFile, toB64, type ModelFile, type RankerFile } from './model-file.js';
import { treeCount, treesScore, type TreeEnsemble } from './trees.js';
import { neighbourIndex } from './neighbours.js';
import { RANK_FEATURES, rankFeatures, type RuleOutcome } from './rank-features.js';
import { termCounts, vectorize, vocabularyOf, type SparseVector, type Vocabulary } from './text-features.js';
import { textScorer } from './text-model.js';
import { chartWords } from './term-cover.js';
import { shippedWordForms, type WordForms } from '../text/word-forms.js';

/** A re-ranker for one kind of code: a logistic regression (weights in RANK_FEATURES order) or boosted trees. */
export type Ranker = { kind: 'linear'; weights: number[] } | { kind: 'trees'; trees: TreeEnsemble };

export interface Rankers {
  diagnosis: Ranker;
  procedure: Ranker;
}

export const rankerScore = (r: Ranker, x: number[]): number =>
  r.kind === 'linear' ? sigmoid(dot(r.weights, x)) : treesScore(r.trees, x);

export interface RankModel extends CandidateSources {
  options: ModelFile['options'];
  vocab: Vocabulary;
  frequency: Map<string, number>;
  ruleOutcomes: Map<string, RuleOutcome>;
  trainingCharts: number;
  rankers?: Rankers;
}

export interface ScoredCandidate {
  candidate: Candidate;
  x: number[];
  /** Fused probability that a coder assigns the code (0 before the re-ranker is fitted). */
  p: number;
}

export const isDiagnosis = (system: string) => system === 'icd10cm';

export function chartVector(record: Pick<ChartRecord, 'text'>, vocab: Vocabulary): SparseVector {
  return vectorize(termCounts(record.text), vocab);
}

export function scoreChart(
  record: ChartRecord,
  model: RankModel,
  codeSets: CodeSetRegistry,
  systems: Set<CodeSystemId>,
  groups: SectionGroups = shippedSectionGroups(),
  forms: WordForms = shippedWordForms(),
  x = chartVector(record, model.vocab),
): ScoredCandidate[] {
  const words = chartWords(record.text, forms);
  const cands = candidatesFor(record, x, model, codeSets, systems, words);
  const prior = recordFeatures(record, codeSets, groups);
  const ruleScores = new Map(record.codes.map((c, i) => [c, predict(PRIOR_MODEL, featureValues(prior[i]!))]));
  const xs = rankFeatures(cands, {
    record,
    ruleScores,
    frequency: model.frequency,
    ruleOutcomes: model.ruleOutcomes,
    trainingCharts: model.trainingCharts,
    neighbours: model.options.neighbours,
    groups,
  });
  return cands.map((candidate, i) => {
    const r = model.rankers
      ? isDiagnosis(candidate.system)
        ? model.rankers.diagnosis
        : model.rankers.procedure
      : undefined;
    return { candidate, x: xs[i]!, p: r ? rankerScore(r, xs[i]!) : 0 };
  });
}

export function labelsByCategory(labels: Iterable<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const l of [...labels].sort()) {
    const colon = l.indexOf(':');
    const k = categoryKey(l.slice(0, colon), l.slice(colon + 1));
    out.set(k, [...(out.get(k) ?? []), l]);
  }
  return out;
}

export interface LoadedModel {
  file: ModelFile;
  model: RankModel;
}

export function loadRankModel(path: string): LoadedModel {
  const f = readModelFile(path);
  const vocab = vocabularyOf(f.vocabulary.terms, float32Of(f.vocabulary.idf));
  const dims = vocab.terms.length;
  const text = textScorer(
    f.text.map((t) => ({ label: t.label, bias: t.bias, idx: int32Of(t.idx), w: float32Of(t.w) })),
    dims,
  );
  const docs = f.neighbours.idx.map((idx, i) => ({ idx: int32Of(idx), val: float32Of(f.neighbours.val[i]!) }));
  const frequency = new Map(Object.entries(f.frequency));
  return {
    file: f,
    model: {
      vocab,
      text,
      neighbours: neighbourIndex(docs, f.neighbours.labels, dims),
      byCategory: labelsByCategory(frequency.keys()),
      options: f.options,
      frequency,
      ruleOutcomes: new Map(
        Object.entries(f.ruleOutcomes ?? {}).map(([k, [proposed, gold]]) => [k, { proposed, gold }]),
      ),
      trainingCharts: f.trainingData.charts,
      rankers: { diagnosis: rankerOf(f.rankers.diagnosis, f, path), procedure: rankerOf(f.rankers.procedure, f, path) },
    },
  };
}

/**
 * A ranker of the model file in RANK_FEATURES order. Linear weights are by name (a feature the file
 * lacks weighs 0); trees name features by their index in the file's own feature list, mapped here, and
 * a tree feature this version does not compute refuses the model.
 */
function rankerOf(r: RankerFile, f: ModelFile, file: string): Ranker {
  if (r.kind === 'linear') return { kind: 'linear', weights: RANK_FEATURES.map((n) => r.weights[n] ?? 0) };
  const at = new Map<string, number>(RANK_FEATURES.map((n, i) => [n, i]));
  const stored = int32Of(r.feature);
  const feature = new Int32Array(stored.length);
  stored.forEach((j, i) => {
    const own = at.get(f.features[j] ?? '');
    if (own === undefined)
      throw new ChartcoderError(
        'CONFIG_BAD_VALUE',
        `model file's trees use feature ${f.features[j] ?? j}, which this chartcoder does not compute; train the model again`,
        file,
      );
    feature[i] = own;
  });
  return {
    kind: 'trees',
    trees: { base: r.base, depth: r.depth, feature, threshold: float32Of(r.threshold), leaf: float32Of(r.leaf) },
  };
}

/** A fitted ranker as the model file keeps it: linear weights by feature name; trees as base64 arrays, features by RANK_FEATURES index. */
export function rankerFile(r: Ranker): RankerFile {
  if (r.kind === 'linear')
    return { kind: 'linear', weights: Object.fromEntries(RANK_FEATURES.map((f, i) => [f, r.weights[i]!])) };
  const t = r.trees;
  return {
    kind: 'trees',
    base: t.base,
    depth: t.depth,
    trees: treeCount(t),
    feature: toB64(t.feature),
    threshold: toB64(t.threshold),
    leaf: toB64(t.leaf),
  };
}
