import { describe, expect, it } from 'vitest';
import { neighbourIndex } from '../../src/rank-codes/neighbours.js';
import { buildVocabulary, termCounts, tokens, vectorize } from '../../src/rank-codes/text-features.js';
import { fitTextModel, textScorer } from '../../src/rank-codes/text-model.js';

const docs = [
  { text: 'Chest pain and shortness of breath; troponin raised, myocardial infarction.', labels: ['icd10cm:I21.9'] },
  { text: 'Acute myocardial infarction treated with a stent; chest pain resolved.', labels: ['icd10cm:I21.9'] },
  { text: 'Fractured left femur after a fall; the fracture was fixed.', labels: ['icd10cm:S72.92XA'] },
  { text: 'Femur fracture on the right, fixed with a nail after the fall.', labels: ['icd10cm:S72.92XA'] },
  { text: 'Cough and fever; the chest film showed pneumonia.', labels: ['icd10cm:J18.9'] },
  { text: 'Pneumonia of the right lower lobe with fever and cough.', labels: ['icd10cm:J18.9'] },
];

describe('text features', () => {
  it('stems words, drops stop words and keeps word pairs', () => {
    expect(tokens('The fractures of the femur')).toEqual(['fractur', 'femur']);
    expect([...termCounts('femur fractures').keys()]).toEqual(['femur', 'fractur', 'femur fractur']);
  });
});

describe('text model and neighbours', () => {
  const counts = docs.map((d) => termCounts(d.text));
  const vocab = buildVocabulary(counts, 2, 1000);
  const vectors = counts.map((c) => vectorize(c, vocab));
  const labels = docs.map((d) => new Set(d.labels));

  it('scores the code whose words a new chart uses above the others', () => {
    const scorer = textScorer(
      fitTextModel(vectors, labels, vocab.terms.length, { epochs: 20, l2: 1e-4, keep: 50, minCharts: 2 }),
      vocab.terms.length,
    );
    const z = scorer.score(vectorize(termCounts('An old fall broke the femur: fracture.'), vocab));
    const best = scorer.labels[[...z.keys()].sort((a, b) => z[b]! - z[a]!)[0]!];
    expect(best).toBe('icd10cm:S72.92XA');
  });

  it('keeps at most the asked number of weights per code', () => {
    const models = fitTextModel(vectors, labels, vocab.terms.length, { epochs: 5, l2: 1e-4, keep: 3, minCharts: 2 });
    expect(models.map((m) => m.idx.length).every((n) => n <= 3)).toBe(true);
    expect(models.map((m) => m.label)).toEqual(['icd10cm:I21.9', 'icd10cm:J18.9', 'icd10cm:S72.92XA']);
  });

  it('votes the codes of the nearest charts', () => {
    const index = neighbourIndex(
      vectors,
      docs.map((d) => d.labels),
      vocab.terms.length,
    );
    const votes = index.vote(vectorize(termCounts('fever, cough and pneumonia'), vocab), 2);
    expect([...votes.keys()]).toEqual(['icd10cm:J18.9']);
    expect(votes.get('icd10cm:J18.9')!.count).toBe(2);
  });
});
