/**
 * What the review page can ask and do, without HTTP: the work list, one chart (text, pages, its rows with
 * their decisions), code search in the chart's code set, and decisions checked before they are stored
 * (the chart and row exist; a changed or added code exists in the chart's code set). Never prints.
 */
import type { CodeSystemId } from '../contract/chart-record.js';
import { ChartcoderError } from '../contract/errors.js';
import { chartRows, indexBatch, type BatchIndex, type ChartEntry } from './batch-index.js';
import { uncodedMentions, type UncodedMention } from './chart-mentions.js';
import { ChartTexts, type ChartText } from './chart-text.js';
import { ReviewCodeSets } from './code-sets-for-review.js';
import { REJECT_REASONS, rowKey, type Decision, type DecisionRequest } from './decision.js';
import { DecisionLog } from './decision-log.js';
import { workList, type WorkList, type WorkListQuery } from './work-list.js';
import type { AddedRow, ReviewRow } from './wire.js';

export interface ChartView {
  chart: ChartEntry;
  text?: ChartText;
  /** Why there is no text (failed chart, changed file): an error code and message, never chart text. */
  textError?: string;
  rows: ReviewRow[];
  /** Codes coders added (not in codes.csv). */
  added: AddedRow[];
  /** Mentions no code came from (negated, uncertain, family…), from codes.jsonl; absent when the batch has none. */
  uncoded?: UncodedMention[];
}

export class ReviewSession {
  private readonly texts: ChartTexts;
  private readonly codeSets: ReviewCodeSets;

  private constructor(
    readonly index: BatchIndex,
    readonly log: DecisionLog,
  ) {
    this.codeSets = new ReviewCodeSets(index.codeStore);
    this.texts = new ChartTexts(index.dir, index.read);
  }

  /**
   * `background`: return as soon as the work list can be shown, and index the batch's rows after it (the
   * server does, awaiting `index.ready` before what needs rows); without it, return with every row indexed.
   */
  static async open(batchDir: string, opts: { background?: boolean } = {}): Promise<ReviewSession> {
    const index = await indexBatch(batchDir, { writeCache: true, background: opts.background ?? false });
    return new ReviewSession(index, new DecisionLog(batchDir));
  }

  workList(q: WorkListQuery): WorkList {
    this.log.refresh();
    return workList(this.index, (id) => this.log.rowsOf(id), q);
  }

  async chart(id: string, withText = true): Promise<ChartView> {
    const chart = this.entry(id);
    const reading = withText ? this.texts.get(chart).catch((e: unknown) => e) : undefined; // starts now, beside the index
    await this.index.ready;
    this.log.refresh();
    const decisions = this.log.rowsOf(id);
    const rows = chartRows(chart).map((r) => {
      const key = rowKey(r.system, r.code);
      return { ...r, key, decision: decisions.get(key) ?? { queries: [] } };
    });
    const suggested = new Set(rows.map((r) => r.key));
    const added = [...decisions]
      .filter(([key, d]) => !suggested.has(key) && d.action === 'add')
      .map(([key, d]) => {
        const [system, code] = key.split(':') as [CodeSystemId, string];
        return { key, system, code, title: this.codeSets.known(chart, system, code)?.title ?? '', decision: d };
      });
    const uncoded = uncodedMentions(chart);
    const view: ChartView = { chart, rows, added, ...(uncoded ? { uncoded } : {}) };
    const text = await reading;
    if (text === undefined) return view;
    if (text instanceof ChartcoderError) view.textError = text.message;
    else if (text instanceof Error) throw text;
    else view.text = text as ChartText;
    return view;
  }

  /**
   * Read charts ahead of time (the next ones in the coder's list: coders go in order), behind any chart the
   * page is waiting for, so opening them does not wait for the file.
   */
  prefetch(ids: string[]): void {
    for (const id of ids) {
      const chart = this.index.byId.get(id);
      if (chart && chart.status === 'ok') this.texts.get(chart, true).catch(() => undefined);
    }
  }

  search(id: string, system: CodeSystemId, query: string) {
    return this.codeSets.search(this.entry(id), system, query);
  }

  decide(req: DecisionRequest, coder: string): Decision {
    const chart = this.entry(req.chart);
    const suggested = chartRows(chart).some((r) => r.system === req.system && r.code === req.code);
    const current = this.log.rowsOf(req.chart).get(rowKey(req.system, req.code));
    const bad = (why: string) =>
      new ChartcoderError('REVIEW_DECISION_INVALID', why, `${req.chart} ${req.system}:${req.code}`);
    if (req.action === 'add') {
      if (suggested) throw bad('expected a code the batch did not suggest; accept the suggestion instead');
      const known = this.codeSets.known(chart, req.system, req.code);
      if (!known) throw bad('expected a code of the code set in force for the chart');
      req = { ...req, code: known.code };
    } else if (!suggested && current?.action !== 'add') {
      throw bad('expected a suggested or added code of this chart');
    }
    if ((req.action === 'accept' || req.action === 'reject' || req.action === 'change') && !suggested)
      throw bad('expected a suggested code; remove an added code with clear');
    if (req.action === 'reject' && !(REJECT_REASONS as readonly string[]).includes(req.reason ?? ''))
      throw bad(`expected a reason: ${REJECT_REASONS.join(', ')}`);
    if (req.action === 'change') {
      const known = req.newCode ? this.codeSets.known(chart, req.newSystem ?? req.system, req.newCode) : undefined;
      if (!known) throw bad('expected the new code to exist in the code set in force for the chart');
      if (known.code === req.code && (req.newSystem ?? req.system) === req.system)
        throw bad('expected a different code; accept the suggestion instead');
      req = { ...req, newCode: known.code };
    }
    if (req.action === 'query' && !req.note?.trim()) throw bad('expected the query note');
    return this.log.append(req, coder);
  }

  /**
   * Finish a chart: the auto rows nobody decided are accepted as they are (`auto_row_kept`). Refused while a
   * review row is undecided: those are the rows a coder must look at.
   */
  complete(id: string, coder: string): Decision[] {
    const chart = this.entry(id);
    this.log.refresh();
    const decisions = this.log.rowsOf(id);
    const open = chartRows(chart).filter((r) => !decisions.get(rowKey(r.system, r.code))?.action);
    const reviewOpen = open.filter((r) => r.status === 'review').length;
    if (reviewOpen > 0)
      throw new ChartcoderError(
        'REVIEW_DECISION_INVALID',
        `expected every review row decided first, found ${reviewOpen} open`,
        id,
      );
    return open.map((r) =>
      this.log.append(
        { chart: id, system: r.system as CodeSystemId, code: r.code, action: 'accept', reason: 'auto_row_kept' },
        coder,
      ),
    );
  }

  close(): void {
    this.log.close();
    void this.texts.close();
  }

  private entry(id: string): ChartEntry {
    const chart = this.index.byId.get(id);
    if (!chart) throw new ChartcoderError('REVIEW_NOT_FOUND', 'expected a chart of this batch', id.slice(0, 200));
    return chart;
  }
}
