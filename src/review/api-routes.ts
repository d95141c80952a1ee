/** The review page's JSON API, route by route, over a ReviewSession. Inputs are validated here (zod). */
import { z } from 'zod';
import { ChartcoderError } from '../contract/errors.js';
import { ACTIONS, decisionRequestSchema, REJECT_REASONS } from './decision.js';
import type { ReviewSession } from './review-session.js';
import { REVIEW_SYSTEMS } from './code-sets-for-review.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const PAGE = 50;
/** Charts read ahead after the one opened: the next ones of the coder's list. */
const PREFETCH = 2;
const listQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(PAGE),
  flag: z.string().max(64).optional(),
  status: z.enum(['ok', 'failed']).optional(),
  review: z.enum(['todo', 'in_progress', 'done']).optional(),
  encounter: z.string().max(32).optional(),
  kind: z.string().max(16).optional(),
  document: z.string().max(64).optional(),
  id: z.string().max(512).optional(),
});
const searchQuery = z.object({
  id: z.string().min(1),
  system: z.enum(REVIEW_SYSTEMS as [string, ...string[]]),
  q: z.string().min(1).max(200),
});

export async function handleApi(
  session: ReviewSession,
  coder: string,
  method: string,
  route: string,
  params: URLSearchParams,
  body: unknown,
): Promise<unknown> {
  const query = Object.fromEntries([...params].filter(([, v]) => v !== ''));
  const key = `${method} ${route}`;
  switch (key) {
    case 'GET session':
      return {
        batchId: session.index.batchId,
        coder,
        charts: session.index.charts.length,
        indexing: session.index.indexing,
        reasons: REJECT_REASONS,
        actions: ACTIONS,
        damagedLines: session.log.damagedLines,
      };
    case 'GET worklist': {
      const q = parse(listQuery, query);
      // a flag filter needs every chart's flags: it waits for the rows to be indexed (the first page does not)
      if (q.flag && q.flag !== 'failed') await session.index.ready;
      return session.workList(q);
    }
    case 'GET chart': {
      const { id, next, text } = parse(
        z.object({ id: z.string().min(1), next: z.string().max(2048).optional(), text: z.literal('0').optional() }),
        query,
      );
      const view = session.chart(id, text !== '0'); // its read is queued first, the prefetches behind it
      // ids one a line: a file name may hold a comma
      if (next) session.prefetch(next.split('\n').slice(0, PREFETCH));
      return await view;
    }
    case 'GET search': {
      const q = parse(searchQuery, query);
      return { hits: session.search(q.id, q.system as (typeof REVIEW_SYSTEMS)[number], q.q) };
    }
    case 'POST decisions': {
      const d = parse(decisionRequestSchema, body);
      await session.index.ready; // a decision is checked against the chart's rows
      return { decision: session.decide(d, coder) };
    }
    case 'POST complete': {
      const { id } = parse(z.object({ id: z.string().min(1) }), body);
      await session.index.ready;
      return { decisions: session.complete(id, coder) };
    }
    default:
      throw new HttpError(404, 'no such API route');
  }
}

/** A request body (HTTP, not a file: the one JSON reader does not apply); its fault is a 400 naming the key. */
function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  // the path and the problem only: a value may be chart text
  throw new ChartcoderError('REVIEW_DECISION_INVALID', issue.message, issue.path.join('.') || 'request');
}
