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
import { float32Of, int32Of, readModelFile, type ModelFile } from './model-file.js';
import { neighbourIndex } from './neighbours.js';
import { RANK_FEATURES, rankFeatures } from './rank-features.js';
import { termCounts, vectorize, vocabularyOf, type SparseVector, type Vocabulary } from './text-features.js';
import { textScorer } from './text-model.js';

export interface Rankers {
  /** Weights in RANK_FEATURES order. */
  diagnosis: number[];
  procedure: number[];
}

export interface RankModel extends CandidateSources {
  options: ModelFile['options'];
  vocab: Vocabulary;
  frequency: Map<string, number>;
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
  x = chartVector(record, model.vocab),
): ScoredCandidate[] {
  const cands = candidatesFor(record, x, model, codeSets, systems);
  const prior = recordFeatures(record, codeSets, groups);
  const ruleScores = new Map(record.codes.map((c, i) => [c, predict(PRIOR_MODEL, featureValues(prior[i]!))]));
  const xs = rankFeatures(cands, {
    record,
    ruleScores,
    frequency: model.frequency,
    trainingCharts: model.trainingCharts,
    neighbours: model.options.neighbours,
    groups,
  });
  return cands.map((candidate, i) => {
    const w = model.rankers
      ? isDiagnosis(candidate.system)
        ? model.rankers.diagnosis
        : model.rankers.procedure
      : undefined;
    return { candidate, x: xs[i]!, p: w ? sigmoid(dot(w, xs[i]!)) : 0 };
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
  const named = (w: Record<string, number>) => RANK_FEATURES.map((n) => w[n] ?? 0);
  return {
    file: f,
    model: {
      vocab,
      text,
      neighbours: neighbourIndex(docs, f.neighbours.labels, dims),
      byCategory: labelsByCategory(frequency.keys()),
      options: f.options,
      frequency,
      trainingCharts: f.trainingData.charts,
      rankers: { diagnosis: named(f.rankers.diagnosis.weights), procedure: named(f.rankers.procedure.weights) },
    },
  };
}
