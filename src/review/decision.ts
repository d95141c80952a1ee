/**
 * One coder decision, as a line of `<batch>/decisions.jsonl`. A row is a chart's (system, code): a
 * suggestion of codes.csv, or a code a coder added. The latest accept / reject / change / add / clear of
 * a row (in file order) is its disposition; queries are CDI notes to the physician and accumulate.
 */
import { z } from 'zod';
import type { RowState } from './wire.js';

export const ACTIONS = ['accept', 'reject', 'change', 'add', 'clear', 'query'] as const;

/** Why a suggestion is rejected: a short list a coder picks with one key (1–6). */
export const REJECT_REASONS = [
  'not_documented',
  'negated_or_ruled_out',
  'history_only',
  'not_clinically_significant',
  'wrong_code',
  'other',
] as const;

const code = z
  .string()
  .min(1)
  .max(16)
  .regex(/^[A-Za-z0-9.]+$/);
const system = z.enum(['icd10cm', 'icd10pcs', 'cpt', 'hcpcs']);

export const decisionSchema = z
  .object({
    v: z.literal(1),
    /** Random id, so a decision is told apart from a repeated one. */
    id: z.string().min(8).max(64),
    /** ISO time the server recorded it. */
    at: z.string().min(20).max(40),
    coder: z.string().min(1).max(64),
    chart: z.string().min(1).max(512),
    system,
    code,
    action: z.enum(ACTIONS),
    /** `change`: the code put in its place (same system unless `newSystem`). */
    newCode: code.optional(),
    newSystem: system.optional(),
    /** `reject`: one of REJECT_REASONS; `accept` written when a chart is completed: `auto_row_kept`. */
    reason: z.string().max(64).optional(),
    /** `query`: the CDI query note; `reject` with reason `other`: a short comment. */
    note: z.string().max(2000).optional(),
    /** `add`: the chart text the coder selected as evidence, [start, end) into the normalized text. */
    start: z.number().int().min(0).optional(),
    end: z.number().int().min(0).optional(),
  })
  .strict();

export type Decision = z.infer<typeof decisionSchema>;
export type Action = Decision['action'];

/** What the page sends; the server adds v, id, at and coder. */
export const decisionRequestSchema = decisionSchema.omit({ v: true, id: true, at: true, coder: true });
export type DecisionRequest = z.infer<typeof decisionRequestSchema>;

export const rowKey = (system: string, code: string) => `${system}:${code}`;

export type { RowState };

/** Fold one decision into a chart's row states (file order). */
export function applyDecision(rows: Map<string, RowState>, d: Decision): void {
  const key = rowKey(d.system, d.code);
  const row = rows.get(key) ?? { queries: [] };
  rows.set(key, row);
  if (d.action === 'query') {
    row.queries.push({ note: d.note ?? '', coder: d.coder, at: d.at });
    return;
  }
  const queries = row.queries;
  for (const k of Object.keys(row) as (keyof RowState)[]) delete row[k];
  row.queries = queries;
  if (d.action === 'clear') return;
  Object.assign(row, {
    action: d.action,
    coder: d.coder,
    at: d.at,
    ...(d.newCode ? { newCode: d.newCode, newSystem: d.newSystem ?? d.system } : {}),
    ...(d.reason ? { reason: d.reason } : {}),
    ...(d.start !== undefined && d.end !== undefined ? { start: d.start, end: d.end } : {}),
  });
}
