import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isChartcoderError } from '../../src/contract/errors.js';
import {
  MODEL_FORMAT,
  MODEL_FORMAT_V1,
  toB64,
  writeModelFile,
  type ModelFile,
} from '../../src/rank-codes/model-file.js';
import { RANK_FEATURES } from '../../src/rank-codes/rank-features.js';
import { loadRankModel, rankerFile, rankerScore } from '../../src/rank-codes/rank-model.js';
import { treeCount, treesLogit, treesScore } from '../../src/rank-codes/trees.js';
import { seededRandom } from '../../src/scoring/seeded-random.js';
import { fitTrees, TREE_DEFAULTS } from '../../src/train/fit-trees.js';

const dir = mkdtempSync(path.join(tmpdir(), 'chartcoder-trees-'));

/** Rows of RANK_FEATURES width; the label is a band of one feature and a threshold on another: no linear score separates it. */
function data(n: number, seed: number) {
  const rand = seededRandom(seed);
  const xs: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = RANK_FEATURES.map(() => rand());
    xs.push(x);
    y.push(x[1]! > 0.3 && x[1]! < 0.7 && x[2]! > 0.4 ? 1 : 0);
  }
  return { xs, y };
}

function auc(scores: number[], y: number[]): number {
  let pairs = 0;
  let right = 0;
  scores.forEach((s, i) =>
    scores.forEach((t, j) => {
      if (y[i] !== 1 || y[j] !== 0) return;
      pairs++;
      right += s > t ? 1 : s === t ? 0.5 : 0;
    }),
  );
  return right / pairs;
}

const options = { ...TREE_DEFAULTS, trees: 60, depth: 3, learningRate: 0.2, minLeaf: 5 };

describe('gradient-boosted trees', () => {
  const train = data(1500, 1);
  const held = data(400, 2);
  const fitted = fitTrees(train.xs, train.y, options, [20]);

  it('learn an interaction a linear model cannot: high AUC on held-out rows', () => {
    const s = held.xs.map((x) => treesScore(fitted.last, x));
    expect(auc(s, held.y)).toBeGreaterThan(0.97);
    // the band's feature alone, as a linear score would use it, ranks near chance
    expect(
      auc(
        held.xs.map((x) => x[1]!),
        held.y,
      ),
    ).toBeLessThan(0.65);
    expect(treeCount(fitted.last)).toBe(60);
  });

  it('report the ensemble after fewer trees, equal to the first trees of the whole', () => {
    const early = fitted.at.get(20)!;
    expect(treeCount(early)).toBe(20);
    for (const x of held.xs.slice(0, 50)) expect(treesLogit(early, x)).toBe(treesLogit(fitted.last, x, 20));
  });

  it('are deterministic with a seed, and the seed matters', () => {
    const again = fitTrees(train.xs, train.y, options).last;
    expect(again.feature).toEqual(fitted.last.feature);
    expect(again.threshold).toEqual(fitted.last.threshold);
    expect(again.leaf).toEqual(fitted.last.leaf);
    const other = fitTrees(train.xs, train.y, { ...options, seed: 2 }).last;
    expect(other.leaf).not.toEqual(fitted.last.leaf);
  });

  it('predict the same after a model-file round trip', () => {
    const t = fitted.last;
    const file = path.join(dir, 'trees.model.gz');
    writeModelFile(file, {
      ...emptyModel(),
      rankers: {
        diagnosis: rankerFile({ kind: 'trees', trees: t }),
        procedure: { kind: 'linear', weights: { bias: -1 } },
      },
    });
    const loaded = loadRankModel(file).model.rankers!;
    expect(loaded.diagnosis.kind).toBe('trees');
    for (const x of held.xs) expect(rankerScore(loaded.diagnosis, x)).toBe(treesScore(t, x));
    expect(rankerScore(loaded.procedure, [1, ...held.xs[0]!.slice(1)])).toBeCloseTo(1 / (1 + Math.E), 12);
  });

  it('a one-class or empty training set gives finite scores', () => {
    const one = fitTrees(train.xs.slice(0, 50), new Array(50).fill(0), options).last;
    expect(Number.isFinite(treesLogit(one, held.xs[0]!))).toBe(true);
    const none = fitTrees([], [], options).last;
    expect(treesScore(none, held.xs[0]!)).toBeGreaterThan(0);
  });
});

describe('model file formats', () => {
  it('reads a /1 file: its rankers are logistic regressions by feature name', () => {
    const file = path.join(dir, 'v1.model.gz');
    const v1 = {
      ...emptyModel(),
      format: MODEL_FORMAT_V1,
      features: ['bias', 'textProbability'],
      rankers: { diagnosis: { weights: { bias: -2, textProbability: 4 } }, procedure: { weights: { bias: 1 } } },
    };
    delete (v1 as Partial<ModelFile>).ruleOutcomes;
    writeFileSync(file, gzipSync(JSON.stringify(v1)));
    const { file: f, model } = loadRankModel(file);
    expect(f.format).toBe(MODEL_FORMAT);
    expect(model.rankers!.diagnosis.kind).toBe('linear');
    const x = RANK_FEATURES.map((n) => (n === 'bias' || n === 'textProbability' ? 1 : 0.5));
    expect(rankerScore(model.rankers!.diagnosis, x)).toBeCloseTo(1 / (1 + Math.exp(-2)), 12);
    expect(rankerScore(model.rankers!.procedure, x)).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
  });

  it('refuses trees over a feature this version does not compute, and an unknown format', () => {
    const file = path.join(dir, 'unknown-feature.model.gz');
    writeModelFile(file, {
      ...emptyModel(),
      features: ['bias', 'somethingElse'],
      rankers: {
        diagnosis: {
          kind: 'trees',
          base: 0,
          depth: 1,
          trees: 1,
          feature: toB64(Int32Array.of(1)),
          threshold: toB64(Float32Array.of(0.5)),
          leaf: toB64(Float32Array.of(-1, 1)),
        },
        procedure: { kind: 'linear', weights: {} },
      },
    });
    const err = (() => {
      try {
        loadRankModel(file);
      } catch (e) {
        return e;
      }
    })();
    expect(isChartcoderError(err) && err.code).toBe('CONFIG_BAD_VALUE');
    const future = path.join(dir, 'future.model.gz');
    writeFileSync(future, gzipSync(JSON.stringify({ ...emptyModel(), format: 'chartcoder-rank-model/9' })));
    expect(() => loadRankModel(future)).toThrow(/expected model format chartcoder-rank-model\/2/);
  });
});

function emptyModel(): ModelFile {
  return {
    format: MODEL_FORMAT,
    pipeline: 'test',
    codeSets: {},
    trainingData: { source: 'test', charts: 10, sha256: '0', chartSha256: [] },
    features: [...RANK_FEATURES],
    options: { neighbours: 10, textTop: 30, truncatedProcedures: false, addThreshold: 1.01, maxAdded: 0 },
    hyperParameters: {},
    metrics: {},
    vocabulary: { terms: [], idf: toB64(new Float32Array(0)) },
    text: [],
    neighbours: { labels: [], idx: [], val: [] },
    frequency: {},
    ruleOutcomes: {},
    rankers: { diagnosis: { kind: 'linear', weights: {} }, procedure: { kind: 'linear', weights: {} } },
  };
}
