/**
 * chartcoder's chart reader as a LangChain document loader, so charts can feed any LangChain
 * document pipeline: one Document per chart (or per page), text normalized exactly as the coding
 * pipeline sees it, so offsets in a batch's codes.csv point into `pageContent`.
 * The reverse direction — LangChain Documents into a coding batch — is `documentsToInputs`.
 */
import { BaseDocumentLoader } from '@langchain/core/document_loaders/base';
import { Document } from '@langchain/core/documents';
import { createHash } from 'node:crypto';
import { IngestError } from './ingest-issue.js';
import type { ChartInput } from './list-inputs.js';
import { listInputs } from './list-inputs.js';
import { readChart, type ReadLimits } from './read-chart.js';

export interface ChartLoaderOptions {
  /** One Document per page instead of per chart. */
  splitPages?: boolean;
  limits?: ReadLimits;
  /** `throw` (default): the first unreadable chart rejects `load()`; `collect`: it is listed in `failures`. */
  onError?: 'throw' | 'collect';
}

export class ChartLoader extends BaseDocumentLoader {
  readonly failures: { chartId: string; path: string; code: string; message: string }[] = [];

  constructor(
    private readonly paths: string[],
    private readonly options: ChartLoaderOptions = {},
  ) {
    super();
  }

  async load(): Promise<Document[]> {
    const docs: Document[] = [];
    const limits = this.options.limits ?? { maxBytes: 50 * 1024 * 1024, maxPages: 300 };
    for (const input of listInputs(this.paths)) {
      try {
        if (input.problem) throw new IngestError('INGEST_UNREADABLE', input.problem.message);
        const chart = await readChart(input.path, limits);
        const meta = {
          chartId: input.id,
          source: chart.source.path,
          kind: chart.source.kind,
          sha256: chart.source.sha256,
        };
        if (!this.options.splitPages) {
          docs.push(new Document({ pageContent: chart.text, metadata: { ...meta, pages: chart.pages.length } }));
          continue;
        }
        chart.pages.forEach((p, i) => {
          docs.push(
            new Document({
              pageContent: chart.text.slice(p.start, p.end),
              metadata: { ...meta, loc: { pageNumber: i + 1 }, offset: p.start },
            }),
          );
        });
      } catch (e) {
        if (!(e instanceof IngestError)) throw e;
        if (this.options.onError !== 'collect') throw e;
        this.failures.push({ chartId: input.id, path: input.path, code: e.code, message: e.message });
      }
    }
    return docs;
  }
}

/**
 * Charts from any LangChain loader into a coding batch: each Document becomes a chart whose text is
 * its pageContent. The id is `metadata.chartId`, else `metadata.source`, else the content hash.
 */
export function documentsToInputs(docs: Document[]): ChartInput[] {
  return docs.map((d) => {
    const meta = d.metadata as Record<string, unknown>;
    const id = String(
      meta.chartId ?? meta.source ?? createHash('sha256').update(d.pageContent).digest('hex').slice(0, 16),
    );
    const type = meta.encounterType;
    return {
      id,
      path: String(meta.source ?? `langchain:${id}`),
      text: d.pageContent,
      ...(type === 'inpatient' || type === 'outpatient' ? { encounterType: type } : {}),
      ...(typeof meta.dateOfService === 'string' ? { dateOfService: meta.dateOfService } : {}),
    };
  });
}
