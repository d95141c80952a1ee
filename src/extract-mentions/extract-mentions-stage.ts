/**
 * extract-mentions — find diagnosis, symptom and procedure mentions: split each section into units
 * (sentences, list items), take the longest lexicon match at each token (a curated abbreviation read in
 * context competes with it), then add multiword terms written out of order or with small gaps, and in
 * medication lists the drugs that mean long-term therapy (Z79.-: medications.ts).
 * On OCR pages, words OCR was unsure of and the lexicon does not know are matched approximately
 * (approximate-words.ts, option `approximateOcrWords`).
 * Requires: text, sections. Produces: mentions (assertion `present` until classify-assertion runs), and
 * unitTokens (the tokens of the units holding mentions, for classify-assertion).
 * Example: "1. HTN 2. DM2" → mentions "HTN" (I10) and "DM2" (E11.9), each in its own unit;
 * "neuropathy due to type 2 diabetes" → one mention for E11.40 besides the plain ones inside it.
 */
import path from 'node:path';
import { z } from 'zod';
import type {
  ChartRecord,
  CodeSystemId,
  Mention,
  MentionKind,
  OcrInfo,
  Token,
  UnitTokens,
} from '../contract/chart-record.js';
import type { ChartStage } from '../contract/stage.js';
import { pipelinesDir } from '../contract/paths.js';
import { loadAbbreviations, type AbbreviationHit, type Abbreviations } from './abbreviations.js';
import { approximateWords, correctOcrTokens, type ApproximateWords } from './approximate-words.js';
import { loadBareTerms } from './bare-terms.js';
import { loadPcsComposer, readPcsComposeRules, type ComposedHit, type PcsComposer } from './compose-pcs.js';
import { findCues, loadAttributeCues, readAttributes, shippedAttributeCues, type AttributeCues } from './attributes.js';
import { loadFlexWords, SHIPPED_ATTRIBUTE_CUES, SHIPPED_FLEX_WORDS } from './word-lists.js';
import { findFlexible, type FlexMatch } from './flexible-match.js';
import { attachLexicon, buildLexiconTables, type Lexicon } from './lexicon.js';
import type { TermHit } from './term-hit.js';
import { loadMedications, readMedicationRules, type DrugHit, type Medications } from './medications.js';
import { segment } from '../text/segment.js';
import { loadWordForms, SHIPPED_WORD_FORMS } from '../text/word-forms.js';
import { loadSentenceBreaks, SHIPPED_SENTENCE_BREAKS, shippedSentenceBreaks } from '../text/sentence-breaks.js';
import { tokenize } from '../text/tokenize.js';

const options = z
  .object({
    abbreviations: z.string().default(path.join(pipelinesDir, 'rules', 'abbreviations.json')),
    /** Drugs in medication lists that mean long-term therapy (Z79.-). */
    medications: z.string().default(path.join(pipelinesDir, 'rules', 'medications.json')),
    /** Bare words that name a code only in context ("examination" is not Z00.00). */
    bareTerms: z.string().default(path.join(pipelinesDir, 'rules', 'bare-terms.json')),
    /**
     * Also match multiword terms written with other word endings (Porter stems). Off: on the gold fixtures and
     * CodiEsp train it found 3 more codes for 31 more wrong ones (docs/benchmarks.md).
     */
    stemmedVariants: z.boolean().default(false),
    /** ICD-10-PCS codes composed from operation, body part and approach words (compose-pcs.ts). */
    pcsCompose: z.string().default(path.join(pipelinesDir, 'rules', 'pcs-compose.json')),
    /** Match OCR words read with low confidence to the lexicon word one or two edits away (measured in docs/ocr.md). */
    approximateOcrWords: z.boolean().default(true),
    /** Cues of laterality, acuity and episode of care (attributes.ts). */
    attributeCues: z.string().default(SHIPPED_ATTRIBUTE_CUES),
    /** Linking and blocking words of flexible matching (flexible-match.ts). */
    flexibleMatch: z.string().default(SHIPPED_FLEX_WORDS),
    /** Words charts write in another form than the titles ('renal': kidney), for composing ICD-10-PCS codes. */
    wordForms: z.string().default(SHIPPED_WORD_FORMS),
    /** Words that end with a period without ending the sentence (text/segment.ts). */
    sentenceBreaks: z.string().default(SHIPPED_SENTENCE_BREAKS),
  })
  .strict();

export const extractMentionsStage: ChartStage<z.infer<typeof options>> = {
  kind: 'chart',
  name: 'extract-mentions',
  requires: ['text', 'sections'],
  produces: ['mentions', 'unitTokens'],
  options,
  check(opts) {
    loadAbbreviations(opts.abbreviations);
    readMedicationRules(opts.medications);
    loadBareTerms(opts.bareTerms);
    readPcsComposeRules(opts.pcsCompose);
    loadAttributeCues(opts.attributeCues);
    loadFlexWords(opts.flexibleMatch);
    loadSentenceBreaks(opts.sentenceBreaks);
    loadWordForms(opts.wordForms);
  },
  async setup(opts, ctx) {
    const flexWords = loadFlexWords(opts.flexibleMatch);
    const build = () =>
      buildLexiconTables(
        ctx.codeSets,
        ctx.codeSets.systems,
        loadBareTerms(opts.bareTerms),
        opts.stemmedVariants,
        flexWords,
      );
    // Built once per run and shared by its worker threads (the official code sets: ~2 s and ~100 MB a thread).
    // The options name the rule files; the set's key names their contents and the code sets (contract/stage.ts).
    const tables = ctx.shared
      ? await ctx.shared.get(`extract-mentions lexicon ${JSON.stringify(opts)}`, build)
      : build();
    const lexicon = attachLexicon(tables, flexWords);
    const words: UnitWords = {
      cues: loadAttributeCues(opts.attributeCues),
      noBreak: loadSentenceBreaks(opts.sentenceBreaks),
    };
    const abbreviations = loadAbbreviations(opts.abbreviations);
    const medications = loadMedications(opts.medications, ctx.codeSets);
    const composer = loadPcsComposer(opts.pcsCompose, ctx.codeSets, loadWordForms(opts.wordForms));
    // Built at the first chart with OCR pages: a batch of typed notes never pays for it.
    let approximate: ApproximateWords | undefined;
    return (record) => {
      const units: UnitTokens = new Map();
      const ocr =
        record.ocr && opts.approximateOcrWords
          ? { info: record.ocr, words: (approximate ??= approximateWords(lexicon.vocabulary())) }
          : undefined;
      record.mentions = findMentions(record, lexicon, abbreviations, units, medications, composer, ocr, words);
      record.unitTokens = units;
      return record;
    };
  },
};

/** A match in token indexes of its unit, before it becomes a Mention. */
interface Found {
  from: number;
  to: number;
  hits: TermHit[];
  how: 'term' | 'abbr' | 'flex' | 'med' | 'pcs';
}

/** OCR words of the chart and the approximate matcher for the ones OCR was unsure of. */
interface OcrWords {
  info: OcrInfo;
  words: ApproximateWords;
}

/** The word lists a unit is read with: where sentences end, and the cues of a mention's attributes. */
interface UnitWords {
  cues: AttributeCues;
  noBreak: ReadonlySet<string>;
}

/**
 * `units`, when given, receives the tokens of every unit that holds a mention (for classify-assertion);
 * `words` default to the shipped lists (for callers outside a pipeline).
 */
export function findMentions(
  record: Pick<ChartRecord, 'text' | 'sections'>,
  lexicon: Lexicon,
  abbreviations?: Abbreviations,
  units?: UnitTokens,
  medications?: Medications,
  composer?: PcsComposer,
  ocr?: OcrWords,
  words: UnitWords = { cues: shippedAttributeCues(), noBreak: shippedSentenceBreaks() },
): Mention[] {
  const mentions: Mention[] = [];
  for (const section of record.sections) {
    for (const unit of segment(record.text, section.range.start, section.range.end, words.noBreak)) {
      const tokens = tokenize(record.text, unit.start, unit.end);
      if (ocr) correctOcrTokens(tokens, ocr.info, ocr.words, ocr.info.lowConfidence);
      const found = matchUnit(record.text, tokens, section.category, lexicon, abbreviations);
      if (medications) addDrugs(found, medications.find(record.text, tokens, section.category));
      if (composer) addComposed(found, composer.find(tokens));
      if (found.length === 0) continue;
      units?.set(unit.start, { end: unit.end, tokens });
      const cues = findCues(tokens, words.cues);
      for (const f of found) {
        const start = tokens[f.from]!.start;
        const end = tokens[f.to - 1]!.end;
        const first = f.hits[0]!;
        mentions.push({
          id: `m${mentions.length + 1}`,
          range: { start, end },
          text: record.text.slice(start, end),
          kind: kindOf(f.hits),
          section: section.category,
          assertion: 'present',
          attributes: readAttributes(cues, f.from, f.to, words.cues),
          ruleId: `${first.system}:${first.code}:${f.how === 'term' && first.matchType === 'abbreviation' ? 'abbr' : f.how}`,
          termCodes: f.hits.map((h) => ({ system: h.system, code: h.code })),
          unit,
        });
      }
    }
  }
  return mentions;
}

const NONE = new Map<number, AbbreviationHit>();
const NO_EXPANSIONS = new Map<number, string[][]>();

/** Every match of one unit, in text order. */
function matchUnit(
  text: string,
  tokens: Token[],
  section: string,
  lexicon: Lexicon,
  abbreviations?: Abbreviations,
): Found[] {
  if (tokens.length === 0) return [];
  const abbrs = abbreviations?.find(text, tokens, section) ?? [];
  const abbrAt = abbrs.length ? new Map(abbrs.map((a) => [a.from, a])) : NONE;
  const heads = tokens.map((t) => lexicon.head(t.norm));
  const found: Found[] = [];
  for (let i = 0; i < tokens.length;) {
    const m = lexicon.matchAt(tokens, i, heads[i]);
    const a = abbrs.length ? abbrAt.get(i) : undefined;
    if (a && (!m || a.to >= m.to)) {
      // The abbreviation as meant here; an expansion naming no term (e.g. "PE" = physical exam) yields nothing.
      for (const words of a.expansions) {
        const hits = lexicon.lookup(words);
        if (hits)
          found.push({
            from: a.from,
            to: a.to,
            hits: hits.map((h) => ({ ...h, matchType: 'abbreviation' as const })),
            how: 'abbr',
          });
      }
      i = a.to;
    } else if (m && !familyHistoryOf(tokens, m.from)) {
      found.push({ from: m.from, to: m.to, hits: m.hits, how: 'term' });
      i = m.to;
    } else i++;
  }
  const expansions = abbrs.length ? new Map(abbrs.map((a) => [a.from, a.expansions])) : NO_EXPANSIONS;
  const candidates = findFlexible(lexicon.flex, text, tokens, expansions, heads);
  if (candidates.length === 0) return found;
  const usable = candidates.filter((c) => !familyHistoryOf(tokens, c.from));
  return [...found, ...pickFlexible(usable, found)].sort((x, y) => x.from - y.from || y.to - x.to);
}

/** Drugs of a medication list, unless a term already found there names the same code ("on insulin"). */
function addDrugs(found: Found[], drugs: DrugHit[]): void {
  if (drugs.length === 0) return;
  for (const d of drugs) {
    const code = d.hits[0]!.code;
    if (found.some((f) => f.from < d.to && d.from < f.to && f.hits.some((h) => h.code === code))) continue;
    found.push({ from: d.from, to: d.to, hits: d.hits, how: 'med' });
  }
  found.sort((x, y) => x.from - y.from || y.to - x.to);
}

/** Composed PCS codes, unless a term found there already names an ICD-10-PCS code (the curated term wins). */
function addComposed(found: Found[], composed: ComposedHit[]): void {
  if (composed.length === 0) return;
  for (const c of composed) {
    if (found.some((f) => f.from < c.to && c.from < f.to && f.hits.some((h) => h.system === 'icd10pcs'))) continue;
    found.push({ from: c.from, to: c.to, hits: c.hits, how: 'pcs' });
  }
  found.sort((x, y) => x.from - y.from || y.to - x.to);
}

/**
 * "Family history of melanoma" is not the patient's "history of melanoma" (Z85.820): the personal-history
 * term is skipped, the condition itself is matched and asserted family, and guidelines make it Z80.8.
 */
function familyHistoryOf(tokens: Token[], from: number): boolean {
  const prev = tokens[from - 1]?.norm;
  return tokens[from]!.norm === 'history' && (prev === 'family' || prev === 'fh');
}

/**
 * Flexible matches that add something: not inside one plain match, not naming a code an overlapping
 * plain match already names; among themselves the larger term first, then the tighter stretch, and
 * overlapping only where they name other code systems (CPT "inguinal hernia repair" beside the PCS
 * "open repair of right inguinal hernia with mesh": each encounter type keeps its own).
 */
function pickFlexible(candidates: FlexMatch[], plain: Found[]): Found[] {
  const taken: Found[] = [];
  const sorted = candidates.sort((x, y) => y.size - x.size || x.to - x.from - (y.to - y.from) || x.from - y.from);
  for (const c of sorted) {
    const overlapping = plain.filter((p) => p.from < c.to && c.from < p.to);
    if (overlapping.some((p) => p.from <= c.from && c.to <= p.to)) continue;
    const codes = new Set(overlapping.flatMap((p) => p.hits.map((h) => `${h.system}:${h.code}`)));
    if (c.hits.every((h) => codes.has(`${h.system}:${h.code}`))) continue;
    const systems = new Set(c.hits.map((h) => h.system));
    if (taken.some((t) => t.from < c.to && c.from < t.to && t.hits.some((h) => systems.has(h.system)))) continue;
    taken.push({ from: c.from, to: c.to, hits: c.hits, how: 'flex' });
  }
  return taken;
}

const PROCEDURE_SYSTEMS = new Set<CodeSystemId>(['icd10pcs', 'cpt', 'hcpcs']);

function kindOf(hits: TermHit[]): MentionKind {
  if (hits.every((h) => PROCEDURE_SYSTEMS.has(h.system))) return 'procedure';
  return hits.some((h) => h.system === 'icd10cm' && h.code.startsWith('R')) ? 'symptom' : 'diagnosis';
}
