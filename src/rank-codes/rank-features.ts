/**
 * Features of a (chart, candidate code) pair that the re-ranker weighs: what the rules found (mention
 * counts by assertion and section, match quality, first position, the rules' own prior score and
 * flags), what the text model and the neighbours say, how often training charts carry the code, what
 * kind of code it is, whether codes of its category are found too, and the encounter type.
 * Every value is a number, in RANK_FEATURES order.
 */
import type { ChartRecord, CodeSuggestion } from '../contract/chart-record.js';
import type { SectionGroups } from '../contract/section-groups.js';
import type { Candidate } from './candidates.js';
import { categoryKey } from './candidates.js';
import { isQueryProvider } from '../contract/flag-reasons.js';

export const RANK_FEATURES = [
  'bias',
  // the rules
  'hasRule',
  'present',
  'negated',
  'uncertain',
  'historical',
  'family',
  'hypothetical',
  'onlyNegated',
  'inConclusion',
  'narrativeOnly',
  'pastHistorySection',
  'firstPosition',
  'ruleScore',
  'termIsTitle',
  'abbreviation',
  'oneWord',
  'mentionLength',
  'multipleCandidates',
  'queryProvider',
  // the text model and the neighbours
  'hasText',
  'textLogit',
  'textProbability',
  'textRankInverse',
  'neighbourScore',
  'neighbourShare',
  // what training says of the code
  'trainFrequency',
  'seenInTraining',
  'hierarchyOnly',
  // agreement: other candidates of the same category with rule evidence, the best text score in the category
  'categoryRule',
  'categoryTextBest',
  // the kind of code
  'symptomCode',
  'zCode',
  'externalCause',
  'injury',
  'pcsMedicalSurgical',
  'pcsImaging',
  'pcsAdministration',
  'pcsOther',
  'truncated',
  'inpatient',
  // the rules and the models agreeing
  'ruleTimesText',
  'ruleTimesNeighbours',
  'presentTimesText',
  // context the trees split on (scale-free for them; kept in [0, 1]-ish ranges so the linear model can carry them)
  'categoryFrequency',
  'shareOfCategory',
  'categoryCandidates',
  'textTopOfCategory',
  'neighbourRankInverse',
  'chartCandidates',
  'chartRuleCodes',
  'chartLength',
  'codeLength',
  'chapter',
  // how often training coders assigned the code when the rules proposed it
  'ruleCodePrecision',
  'ruleCodeProposed',
  // how much of the code's own wording the chart holds (term-cover.ts)
  'termCoverChart',
  'termCoverSentence',
  'termWhole',
  'wordingOnly',
  'coverTopOfCategory',
  'categoryCoverBest',
  'parentCover',
] as const;

export type RankFeature = (typeof RANK_FEATURES)[number];

export interface RankContext {
  record: ChartRecord;
  /** Prior score-confidence score of each rule suggestion. */
  ruleScores: Map<CodeSuggestion, number>;
  /** Training charts carrying each label, and how many charts trained the model. */
  frequency: Map<string, number>;
  trainingCharts: number;
  neighbours: number;
  groups: SectionGroups;
  /** Per code the rules proposed on training charts. */
  ruleOutcomes: Map<string, RuleOutcome>;
}

export interface RuleOutcome {
  /** Training charts the rules proposed the code on. */
  proposed: number;
  /** Of those, charts the coder assigned it on. */
  gold: number;
}

/** Pseudo-charts at the overall rule precision that a code's own outcomes are shrunk toward. */
const OUTCOME_PRIOR = 2;

const log1p = Math.log1p;
const ZERO = Object.fromEntries(RANK_FEATURES.map((f) => [f, 0])) as Record<RankFeature, number>;

export function rankFeatures(cands: Candidate[], ctx: RankContext): number[][] {
  const byCategory = new Map<string, Candidate[]>();
  for (const c of cands) {
    const k = categoryKey(c.system, c.code);
    byCategory.set(k, [...(byCategory.get(k) ?? []), c]);
  }
  const textLength = Math.max(1, ctx.record.text.length);
  const categoryCount = categoryCounts(ctx.frequency);
  const logCharts = log1p(Math.max(1, ctx.trainingCharts));
  // the candidates' order by neighbour score, best first: rank 1 is the code most of the nearest charts carry
  const neighbourRank = new Map(
    cands
      .filter((c) => c.neighbours)
      .sort((a, b) => b.neighbours!.score - a.neighbours!.score || (a.key < b.key ? -1 : 1))
      .map((c, i) => [c, i + 1]),
  );
  const ruleCodes = cands.filter((c) => c.rule.length > 0).length;
  const prior = outcomePrior(ctx.ruleOutcomes);
  return cands.map((c) => {
    const x = { ...ZERO };
    const count = (a: string) => c.rule.filter((s) => s.evidence[0]?.assertion === a).length;
    const sections = c.rule.flatMap((s) => s.evidence.map((e) => e.section));
    const mentionText = c.rule.map((s) => s.evidence[0]?.text ?? '');
    x.bias = 1;
    x.hasRule = c.rule.length > 0 ? 1 : 0;
    x.present = log1p(count('present'));
    x.negated = log1p(count('negated'));
    x.uncertain = log1p(count('uncertain'));
    x.historical = log1p(count('historical'));
    x.family = log1p(count('family'));
    x.hypothetical = log1p(count('hypothetical'));
    x.onlyNegated = c.rule.length > 0 && count('negated') === c.rule.length ? 1 : 0;
    x.inConclusion = sections.some((s) => ctx.groups.conclusion.has(s)) ? 1 : 0;
    x.narrativeOnly = sections.length > 0 && sections.every((s) => ctx.groups.narrative.has(s)) ? 1 : 0;
    x.pastHistorySection = sections.some((s) => s.startsWith('past_')) ? 1 : 0;
    x.firstPosition = c.rule.length
      ? Math.min(...c.rule.map((s) => s.evidence[0]?.range.start ?? textLength)) / textLength
      : 1;
    x.ruleScore = Math.max(0, ...c.rule.map((s) => ctx.ruleScores.get(s) ?? 0));
    x.termIsTitle = c.rule.some((s) => s.title.toLowerCase() === (s.evidence[0]?.text ?? '').toLowerCase()) ? 1 : 0;
    x.abbreviation = c.rule.some((s) => s.features.matchType === 'abbreviation') ? 1 : 0;
    x.oneWord = mentionText.length > 0 && mentionText.every((t) => !/\s/.test(t.trim())) ? 1 : 0;
    x.mentionLength = mentionText.length ? log1p(Math.max(...mentionText.map((t) => t.length))) / 4 : 0;
    x.multipleCandidates = c.rule.some((s) => s.flags.includes('multiple_candidates')) ? 1 : 0;
    x.queryProvider = c.rule.some((s) => s.flags.some(isQueryProvider)) ? 1 : 0;
    if (c.text) {
      x.hasText = 1;
      x.textLogit = Math.max(-8, Math.min(8, c.text.z)) / 4;
      x.textProbability = 1 / (1 + Math.exp(-c.text.z));
      x.textRankInverse = 1 / c.text.rank;
    }
    if (c.neighbours) {
      x.neighbourScore = c.neighbours.score;
      x.neighbourShare = c.neighbours.count / ctx.neighbours;
    }
    const freq = ctx.frequency.get(c.key) ?? 0;
    x.trainFrequency = log1p(freq) / log1p(Math.max(1, ctx.trainingCharts));
    x.seenInTraining = freq > 0 ? 1 : 0;
    x.hierarchyOnly = c.hierarchy && !c.text && !c.neighbours ? 1 : 0;
    const siblings = byCategory.get(categoryKey(c.system, c.code))!.filter((o) => o !== c);
    x.categoryRule = siblings.some((o) => o.rule.some((s) => s.evidence[0]?.assertion === 'present')) ? 1 : 0;
    x.categoryTextBest = Math.max(0, ...siblings.map((o) => (o.text ? 1 / (1 + Math.exp(-o.text.z)) : 0)));
    kind(x, c);
    x.inpatient = ctx.record.encounter.type === 'inpatient' ? 1 : 0;
    x.ruleTimesText = x.hasRule * x.textProbability;
    x.ruleTimesNeighbours = x.hasRule * x.neighbourScore;
    x.presentTimesText = (x.present > 0 ? 1 : 0) * x.textProbability;
    const catFreq = categoryCount.get(categoryKey(c.system, c.code)) ?? 0;
    x.categoryFrequency = log1p(catFreq) / logCharts;
    x.shareOfCategory = catFreq > 0 ? freq / catFreq : 0;
    x.categoryCandidates = log1p(siblings.length) / 4;
    x.textTopOfCategory =
      c.text && siblings.every((o) => !o.text || o.text.z < c.text!.z || (o.text.z === c.text!.z && c.key < o.key))
        ? 1
        : 0;
    x.neighbourRankInverse = 1 / (neighbourRank.get(c) ?? Infinity);
    x.chartCandidates = log1p(cands.length) / 8;
    x.chartRuleCodes = log1p(ruleCodes) / 8;
    x.chartLength = log1p(textLength) / 12;
    x.codeLength = c.code.replace('.', '').length / 7;
    const outcome = ctx.ruleOutcomes.get(c.key) ?? { proposed: 0, gold: 0 };
    x.ruleCodePrecision = (outcome.gold + OUTCOME_PRIOR * prior) / (outcome.proposed + OUTCOME_PRIOR);
    x.ruleCodeProposed = log1p(outcome.proposed) / logCharts;
    x.termCoverChart = c.cover.chart;
    x.termCoverSentence = c.cover.sentence;
    x.termWhole = c.cover.whole;
    x.wordingOnly = c.wording ? 1 : 0;
    x.coverTopOfCategory = siblings.every((o) => o.cover.sentence <= c.cover.sentence) ? 1 : 0;
    x.categoryCoverBest = Math.max(0, ...siblings.map((o) => o.cover.sentence));
    x.parentCover = c.parentCover;
    x.chapter = c.system === 'icd10cm' ? (c.code.charCodeAt(0) - 65) / 25 : (parseInt(c.code[0]!, 36) || 0) / 35;
    return RANK_FEATURES.map((f) => x[f]);
  });
}

const PRIORS = new WeakMap<Map<string, RuleOutcome>, number>();

/** The share of rule proposals the coders assigned, over every code (0 without outcomes), once per model. */
function outcomePrior(outcomes: Map<string, RuleOutcome>): number {
  let p = PRIORS.get(outcomes);
  if (p !== undefined) return p;
  let proposed = 0;
  let gold = 0;
  for (const o of outcomes.values()) [proposed, gold] = [proposed + o.proposed, gold + o.gold];
  PRIORS.set(outcomes, (p = proposed ? gold / proposed : 0));
  return p;
}

const CATEGORY_COUNTS = new WeakMap<Map<string, number>, Map<string, number>>();

/** Training labels per category summed over its codes (a chart with two codes of a category counts twice), once per model. */
function categoryCounts(frequency: Map<string, number>): Map<string, number> {
  let out = CATEGORY_COUNTS.get(frequency);
  if (out) return out;
  out = new Map();
  for (const [key, n] of frequency) {
    const colon = key.indexOf(':');
    const k = categoryKey(key.slice(0, colon), key.slice(colon + 1));
    out.set(k, (out.get(k) ?? 0) + n);
  }
  CATEGORY_COUNTS.set(frequency, out);
  return out;
}

function kind(x: Record<RankFeature, number>, c: Candidate): void {
  if (c.system === 'icd10cm') {
    x.symptomCode = c.code.startsWith('R') ? 1 : 0;
    x.zCode = c.code.startsWith('Z') ? 1 : 0;
    x.externalCause = /^[V-Y]/.test(c.code) ? 1 : 0;
    x.injury = /^[ST]/.test(c.code) ? 1 : 0;
    return;
  }
  if (c.system !== 'icd10pcs') return;
  x.pcsMedicalSurgical = c.code.startsWith('0') ? 1 : 0;
  x.pcsImaging = c.code.startsWith('B') ? 1 : 0;
  x.pcsAdministration = c.code.startsWith('3') ? 1 : 0;
  x.pcsOther = /^[0B3]/.test(c.code) ? 0 : 1;
  x.truncated = c.code.length < 7 ? 1 : 0;
}
