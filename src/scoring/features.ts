/**
 * Features of a suggestion that predict whether a coder keeps it. Each is a number (mostly 0/1)
 * named in FEATURES; `chartcoder calibrate` fits one weight per name, so adding a feature here only
 * needs a new fit (a fit that does not know a feature gives it the prior weight, prior-weights.ts).
 * Flags are read by prefix (`query_provider:laterality` → queryProvider), so flags other stages add
 * later count as `otherFlags` until they get a feature of their own.
 */
import type { ChartRecord, CodeSuggestion, Mention } from '../contract/chart-record.js';
import type { CodeSystem } from '../contract/code-sets.js';
import type { CodeSetRegistry } from '../contract/code-sets.js';
import { shippedSectionGroups, type SectionGroups } from '../contract/section-groups.js';

/** Flag prefix → feature. Several prefixes may share one feature (prompts about other codes). */
const FLAG_FEATURES = {
  query_provider: 'flagQueryProvider',
  multiple_candidates: 'flagMultipleCandidates',
  uncertain_dx: 'flagUncertainDx',
  history_of: 'flagHistoryOf',
  planned_procedure: 'flagPlannedProcedure',
  excludes1_conflict: 'flagExcludes1',
  missing_7th_char: 'flagMissing7thChar',
  procedure_without_dx: 'flagProcedureWithoutDx',
  use_additional_code: 'flagOtherCodePrompt',
  code_first: 'flagOtherCodePrompt',
  model_only: 'modelOnly',
} as const;

export const FEATURES = [
  'bias',
  // how the words matched: abbreviations and one-word terms are the most ambiguous
  'matchAbbreviation',
  'matchVariant',
  'termIsTitle',
  'oneWordTerm',
  // where the evidence is
  'inConclusion',
  'inDiagnosisList',
  'narrativeOnly',
  'inPlan',
  'evidenceCount',
  'evidenceSections',
  // a procedure named only outside the procedure section is usually ordered or past, not done today
  'procedureOutsideProcedures',
  // what the note says of it
  'assertUncertain',
  'assertHistorical',
  'assertFamily',
  'derivedZCode',
  // specificity
  'billable',
  'unspecifiedCode',
  'codeDepth',
  // flags raised by map-codes and apply-guidelines
  ...new Set(Object.values(FLAG_FEATURES)),
  'otherFlags',
  // agreement: other candidates, and other codes of the chart in the same category
  'alternativeCount',
  'alternativeTopScore',
  'siblingInChart',
  // a symptom code next to a diagnosis is often integral to it (I.B.5)
  'symptomWithDiagnosis',
  // code system (ICD-10-CM is the base)
  'systemCpt',
  'systemHcpcs',
  'systemPcs',
  'zCode',
  // the learned re-ranker's fused score (rank-codes; 0 in pipelines without a model)
  'rankLogit',
] as const;

export type FeatureName = (typeof FEATURES)[number];
export type FeatureVector = Record<FeatureName, number>;

/**
 * Every suggestion of a record, in record order: its feature vector. `groups`: the section groups of the
 * stage that scores (its `sectionGroups` option); the shipped ones outside a pipeline.
 */
export function recordFeatures(
  record: Pick<ChartRecord, 'codes' | 'mentions'>,
  codeSets?: CodeSetRegistry,
  groups: SectionGroups = shippedSectionGroups(),
): FeatureVector[] {
  const mentions = new Map(record.mentions.map((m) => [m.id, m]));
  const hasDiagnosis = record.codes.some((c) => c.system === 'icd10cm' && !/^[RZ]/.test(c.code));
  return record.codes.map((c) => featureVector(c, { mentions, hasDiagnosis, codes: record.codes, codeSets, groups }));
}

interface Context {
  mentions: Map<string, Mention>;
  hasDiagnosis: boolean;
  codes: CodeSuggestion[];
  codeSets?: CodeSetRegistry;
  groups: SectionGroups;
}

/** Every feature at 0, in FEATURES order: each vector starts as a copy, so its keys keep that order. */
const ZEROS = Object.fromEntries(FEATURES.map((f) => [f, 0])) as FeatureVector;

export function featureVector(c: CodeSuggestion, ctx: Context): FeatureVector {
  const sections = c.evidence.map((e) => e.section);
  const mentions = c.evidence.flatMap((e) => ctx.mentions.get(e.mentionId) ?? []);
  const assertion = c.evidence[0]?.assertion ?? 'present';
  const entry = ctx.codeSets?.has(c.system) ? ctx.codeSets.get(c.system).lookup(c.code) : undefined;
  const category = c.code.slice(0, 3);
  const x: FeatureVector = { ...ZEROS };
  x.bias = 1;
  x.matchAbbreviation = c.features.matchType === 'abbreviation' ? 1 : 0;
  x.matchVariant = c.features.matchType === 'variant' ? 1 : 0;
  x.termIsTitle = mentions.some((m) => matchesTitle(m, ctx.codeSets)) ? 1 : 0;
  x.oneWordTerm = mentions.length > 0 && mentions.every((m) => !/\s/.test(m.text.trim())) ? 1 : 0;
  x.inConclusion = sections.some((s) => ctx.groups.conclusion.has(s)) ? 1 : 0;
  x.inDiagnosisList = sections.some((s) => ctx.groups.diagnosisLists.has(s)) ? 1 : 0;
  x.procedureOutsideProcedures = c.system !== 'icd10cm' && !sections.includes('procedures') ? 1 : 0;
  x.narrativeOnly = sections.every((s) => ctx.groups.narrative.has(s)) ? 1 : 0;
  x.inPlan = sections.includes('plan') ? 1 : 0;
  x.evidenceCount = Math.min(3, c.evidence.length - 1);
  x.evidenceSections = Math.min(2, new Set(sections).size - 1);
  x.assertUncertain = assertion === 'uncertain' ? 1 : 0;
  x.assertHistorical = assertion === 'historical' ? 1 : 0;
  x.assertFamily = assertion === 'family' ? 1 : 0;
  x.derivedZCode = c.features.derived ? 1 : 0;
  x.billable = entry ? (entry.billable ? 1 : 0) : 1;
  x.unspecifiedCode = /\bunspecified\b/i.test(c.title) ? 1 : 0;
  x.codeDepth = c.system === 'icd10cm' ? Math.max(0, c.code.replace('.', '').length - 3) / 4 : 0;
  x.alternativeCount = Math.min(3, c.alternatives.length);
  x.alternativeTopScore = c.alternatives.reduce((m, a) => Math.max(m, a.score), 0);
  x.siblingInChart = ctx.codes.some(
    (o) => o !== c && o.system === c.system && o.code !== c.code && o.code.startsWith(category),
  )
    ? 1
    : 0;
  x.symptomWithDiagnosis = c.system === 'icd10cm' && c.code.startsWith('R') && ctx.hasDiagnosis ? 1 : 0;
  x.systemCpt = c.system === 'cpt' ? 1 : 0;
  x.systemHcpcs = c.system === 'hcpcs' ? 1 : 0;
  x.systemPcs = c.system === 'icd10pcs' ? 1 : 0;
  x.zCode = c.system === 'icd10cm' && c.code.startsWith('Z') ? 1 : 0;
  x.rankLogit = c.features.rankScore === undefined ? 0 : rankLogit(c.features.rankScore);
  for (const flag of c.flags) {
    const colon = flag.indexOf(':');
    const prefix = colon < 0 ? flag : flag.slice(0, colon);
    if (prefix === 'low_confidence') continue; // the scorer's own verdict, never an input
    const name = FLAG_FEATURES[prefix as keyof typeof FLAG_FEATURES];
    if (name) x[name] = 1;
    else x.otherFlags = Math.min(2, x.otherFlags + 1);
  }
  return x;
}

/** The re-ranker's probability on the logit scale, bounded (a 0 or 1 would be infinite). */
function rankLogit(p: number): number {
  const q = Math.min(0.999, Math.max(0.001, p));
  return Math.log(q / (1 - q));
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * norm(title) by `system:code`, per code system in force (a WeakMap: a release dropped takes its titles
 * along). Every mention of every code compared its code's title, normalized afresh each time.
 */
const TITLES = new WeakMap<CodeSystem, Map<string, string | null>>();

function normalizedTitle(system: CodeSystem, code: string): string | undefined {
  let titles = TITLES.get(system);
  if (!titles) TITLES.set(system, (titles = new Map()));
  let t = titles.get(code);
  if (t === undefined) {
    const title = system.lookup(code)?.title;
    titles.set(code, (t = title === undefined ? null : norm(title)));
  }
  return t ?? undefined;
}

/** The mention's words are the official title of the code its term points at (not a synonym or index entry). */
function matchesTitle(m: Mention, codeSets?: CodeSetRegistry): boolean {
  if (!codeSets || m.ruleId.endsWith(':abbr')) return false;
  const [system, code] = m.ruleId.split(':') as [Mention['termCodes'][number]['system'], string];
  const title = codeSets.has(system) ? normalizedTitle(codeSets.get(system), code) : undefined;
  return title !== undefined && title === norm(m.text);
}
