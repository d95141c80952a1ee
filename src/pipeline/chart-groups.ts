/**
 * Charts travel to the workers in small groups: one message per chart cost the batch thread about a tenth
 * of a core at 1,000 charts/s (a wake-up, a task, a reply and their promises each), and a group of text
 * notes takes a few milliseconds to code. A group must not change what happens to any one chart: one that
 * fails or outlives the watchdog is coded again one chart at a time, so only the chart at fault fails.
 */
import { describeUnexpected } from '../contract/errors.js';
import { namedPdf, type ChartInput } from '../ingest/list-inputs.js';
import type { Issue } from '../contract/chart-record.js';
import { timeoutIssue } from './process-chart.js';
import type { CodedChart } from '../contract/stage.js';

/** Text charts per group. A PDF goes alone: it can take seconds, and the rest of its group would wait. */
export const GROUP_SIZE = 8;

/** Consecutive charts in groups of at most `size` text charts, each PDF in a group of its own. */
export function* chartGroups(inputs: readonly ChartInput[], size: number): Generator<{ first: number; inputs: ChartInput[] }> {
  let group: ChartInput[] = [];
  let first = 0;
  for (const [i, input] of inputs.entries()) {
    const alone = namedPdf(input);
    if (group.length > 0 && (alone || group.length >= size)) {
      yield { first, inputs: group };
      group = [];
    }
    if (group.length === 0) first = i;
    group.push(input);
    if (alone) {
      yield { first, inputs: group };
      group = [];
    }
  }
  if (group.length > 0) yield { first, inputs: group };
}

export type CodeGroup = (inputs: ChartInput[]) => Promise<CodedChart[]>;

/**
 * `run` under a watchdog of `watchdogMs` per group. Stages check the chart time limit between them; the
 * watchdog catches a chart stuck inside one stage. A group that fails or is late is split into single
 * charts; a single chart that fails or is late becomes a failed record (`failed` makes it).
 */
export function guardGroups(run: CodeGroup, watchdogMs: number, timeoutMs: number, failed: (input: ChartInput, issue: Issue) => CodedChart): CodeGroup {
  const late = Symbol('late');
  const code: CodeGroup = async (inputs) => {
    let timer: NodeJS.Timeout | undefined;
    const watchdog = new Promise<typeof late>((resolve) => {
      timer = setTimeout(() => resolve(late), watchdogMs);
    });
    const outcome = await Promise.race([run(inputs), watchdog])
      .catch((e: unknown) => ({ error: e }))
      .finally(() => clearTimeout(timer));
    if (Array.isArray(outcome)) return outcome;
    if (inputs.length > 1) return (await Promise.all(inputs.map((input) => code([input])))).flat();
    const input = inputs[0]!;
    if (outcome === late) return [failed(input, timeoutIssue(timeoutMs))];
    const why = describeUnexpected(outcome.error);
    return [failed(input, { stage: 'run', code: 'WORKER_FAILED', severity: 'fatal', message: `the worker coding this chart failed (${why})` })];
  };
  return code;
}
