/**
 * Which re-ranker each kind of code gets, by k-fold cross-validation by chart on the training rows
 * only: logistic regression over a small L2 grid against boosted trees over a small grid of depth,
 * learning rate and number of trees (one fit per depth and rate scores every tree count of the grid,
 * by the ensemble's prefixes). The kind's candidate MAP decides; diagnoses and procedures choose
 * apart. Returns every row's out-of-fold score under its kind's choice, for the steps of `train` after
 * it, and every figure tried, for the model file.
 */
import { rankerScore } from '../rank-codes/rank-model.js';
import { treesLogit } from '../rank-codes/trees.js';
import { sigmoid } from '../scoring/model-math.js';
import { candidateMap, fitRanker, specName, type RankerSpec, type RankRow } from './fit-ranker.js';
import { fitTrees, TREE_DEFAULTS, type TreeOptions } from './fit-trees.js';

export interface RankerGrid {
  linearL2: number[];
  /** Empty: logistic regression only. */
  treeDepth: number[];
  treeLearningRate: number[];
  /** Tree counts scored, ascending; the largest is what each depth and rate fits. */
  treeCount: number[];
}

/**
 * Small on purpose: on CodiEsp train (5-fold CV, 2026-12-06) depths 3–6, rates 0.05–0.1 and 100–400 trees all
 * landed within 0.006 diagnoses MAP of each other (0.477–0.483), and each fit costs seconds over 60,000 rows.
 */
export const RANKER_GRID: RankerGrid = {
  linearL2: [0.3, 3, 30],
  treeDepth: [3, 5],
  treeLearningRate: [0.1],
  treeCount: [50, 100, 200],
};

type Kind = 'diagnosis' | 'procedure';

export interface RankerChoice {
  spec: Record<Kind, RankerSpec>;
  /** Out-of-fold score of every row, by its kind's chosen ranker. */
  scores: Float64Array;
  map: { diagnoses: number; procedures: number };
  /** Cross-validated candidate MAP of every ranker tried, per kind. */
  tried: Record<Kind, { ranker: string; map: number }[]>;
}

export function chooseRanker(
  rows: RankRow[],
  foldOf: (chart: number) => number,
  folds: number,
  goldCount: (chart: number, diagnosis: boolean) => number,
  charts: number,
  grid: RankerGrid = RANKER_GRID,
  progress: (done: number, total: number) => void = () => {},
): RankerChoice {
  const fits = 2 * folds * (grid.linearL2.length + grid.treeDepth.length * grid.treeLearningRate.length);
  let done = 0;
  const step = () => progress(++done, fits);
  const scores = new Float64Array(rows.length);
  const choice = {
    spec: {} as Record<Kind, RankerSpec>,
    scores,
    map: { diagnoses: 0, procedures: 0 },
    tried: { diagnosis: [], procedure: [] } as RankerChoice['tried'],
  };
  for (const kind of ['diagnosis', 'procedure'] as const) {
    const diagnosis = kind === 'diagnosis';
    const own = rows.map((r, i) => i).filter((i) => rows[i]!.diagnosis === diagnosis);
    const candidates: { spec: RankerSpec; scores: Float64Array }[] = [];
    for (const l2 of grid.linearL2) {
      const s = new Float64Array(rows.length);
      const spec: RankerSpec = { kind: 'linear', l2 };
      for (let f = 0; f < folds; f++) {
        const ranker = fitRanker(
          own.filter((i) => foldOf(rows[i]!.chart) !== f).map((i) => rows[i]!),
          spec,
        );
        for (const i of own) if (foldOf(rows[i]!.chart) === f) s[i] = rankerScore(ranker, rows[i]!.x);
        step();
      }
      candidates.push({ spec, scores: s });
    }
    for (const depth of grid.treeDepth)
      for (const learningRate of grid.treeLearningRate) {
        const options: TreeOptions = { ...TREE_DEFAULTS, depth, learningRate, trees: Math.max(...grid.treeCount) };
        const byCount = grid.treeCount.map(() => new Float64Array(rows.length));
        for (let f = 0; f < folds; f++) {
          const train = own.filter((i) => foldOf(rows[i]!.chart) !== f);
          const fitted = fitTrees(
            train.map((i) => rows[i]!.x),
            train.map((i) => rows[i]!.y),
            options,
          ).last;
          for (const i of own) {
            if (foldOf(rows[i]!.chart) !== f) continue;
            grid.treeCount.forEach((trees, c) => (byCount[c]![i] = sigmoid(treesLogit(fitted, rows[i]!.x, trees))));
          }
          step();
        }
        grid.treeCount.forEach((trees, c) =>
          candidates.push({ spec: { kind: 'trees', options: { ...options, trees } }, scores: byCount[c]! }),
        );
      }
    let best: { spec: RankerSpec; scores: Float64Array; map: number } | undefined;
    for (const c of candidates) {
      const m = candidateMap(rows, c.scores, goldCount, charts);
      const map = diagnosis ? m.diagnoses : m.procedures;
      choice.tried[kind].push({ ranker: specName(c.spec), map });
      // ties keep the earlier (simpler) ranker: linear before trees, fewer trees before more
      if (!best || map > best.map) best = { ...c, map };
    }
    choice.spec[kind] = best!.spec;
    for (const i of own) scores[i] = best!.scores[i]!;
    choice.map[diagnosis ? 'diagnoses' : 'procedures'] = best!.map;
  }
  return choice;
}
