/**
 * Turn a chart's scored candidates into its code suggestions: every rule suggestion keeps its place
 * (the guidelines after this stage still decide what is reported) and carries the fused score; codes
 * only the models propose are added when their score reaches the model's threshold, best first, at
 * most `maxAdded`, each flagged `model_only` with the sentence that supports it most as evidence.
 */
import { pageAt, type ChartRecord, type CodeSuggestion } from '../contract/chart-record.js';
import type { CodeSetRegistry } from '../contract/code-sets.js';
import { segment } from '../text/segment.js';
import type { RankModel, ScoredCandidate } from './rank-model.js';
import { denseDot, sparseDot, termCounts, vectorize, type SparseVector } from './text-features.js';

export const MODEL_ONLY = 'model_only';

export function applyRanking(
  record: ChartRecord,
  scored: ScoredCandidate[],
  model: RankModel,
  codeSets: CodeSetRegistry,
): ChartRecord {
  const byCode = new Map(scored.map((s) => [s.candidate.key, s.p]));
  for (const c of record.codes) c.features.rankScore = byCode.get(`${c.system}:${c.code}`) ?? 0;
  const added = scored
    .filter((s) => s.candidate.rule.length === 0 && s.p >= model.options.addThreshold)
    .sort((a, b) => b.p - a.p || (a.candidate.key < b.candidate.key ? -1 : 1))
    .slice(0, model.options.maxAdded);
  if (added.length === 0) return record;
  const units = sentenceVectors(record, model);
  if (units.length === 0) return record;
  for (const s of added) {
    const { system, code } = s.candidate;
    const unit = supportingUnit(units, s, model, codeSets);
    const text = record.text.slice(unit.range.start, unit.range.end);
    record.codes.push({
      system,
      code,
      title: codeSets.get(system).lookup(code)?.title ?? untitled(system, code),
      confidence: 0,
      status: 'review',
      evidence: [
        {
          range: unit.range,
          text,
          section: sectionAt(record, unit.range.start),
          page: pageAt(record, unit.range.start),
          mentionId: '',
          assertion: 'present',
        },
      ],
      flags: [MODEL_ONLY],
      alternatives: [],
      features: { matchType: 'variant', rankScore: s.p, modelOnly: true },
    } satisfies CodeSuggestion);
  }
  return record;
}

/** A code the code set in force does not have: a truncated ICD-10-PCS stem, or a training label of another edition. */
function untitled(system: string, code: string): string {
  return system === 'icd10pcs' && code.length < 7
    ? `${code} (first characters of an ICD-10-PCS code; the rest is not determined)`
    : `${code} (as the training charts code it; not a code of the code set in force)`;
}

interface UnitVector {
  range: { start: number; end: number };
  x: SparseVector;
}

function sentenceVectors(record: ChartRecord, model: RankModel): UnitVector[] {
  return segment(record.text)
    .filter((u) => u.end > u.start)
    .map((range) => ({ range, x: vectorize(termCounts(record.text.slice(range.start, range.end)), model.vocab) }));
}

/** By the text model's weights for the code; else by the words of its title; else the chart's first sentence. */
function supportingUnit(
  units: UnitVector[],
  s: ScoredCandidate,
  model: RankModel,
  codeSets: CodeSetRegistry,
): UnitVector {
  const weights = model.text.weightsOf(s.candidate.key);
  let best: UnitVector | undefined;
  let bestScore = 0;
  if (weights) {
    const dense = new Float32Array(model.vocab.terms.length);
    weights.idx.forEach((j, k) => (dense[j] = weights.w[k]!));
    for (const u of units) {
      const v = denseDot(dense, u.x);
      if (v > bestScore) [best, bestScore] = [u, v];
    }
    if (best) return best;
  }
  const title = codeSets.get(s.candidate.system).lookup(s.candidate.code)?.title;
  if (title) {
    const t = vectorize(termCounts(title), model.vocab);
    for (const u of units) {
      const v = sparseDot(t, u.x);
      if (v > bestScore) [best, bestScore] = [u, v];
    }
  }
  return best ?? units[0]!;
}

function sectionAt(record: ChartRecord, at: number): string {
  let found = 'other';
  for (const s of record.sections) if (at >= s.range.start && at < s.range.end) found = s.category;
  return found;
}
