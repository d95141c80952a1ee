/**
 * Charts travel to the workers in small groups: one message per chart cost the batch thread about a tenth
 * of a core at 1,000 charts/s (a wake-up, a task, a reply and their promises each), and a group of text
 * notes takes a few milliseconds to code. A group must not change what happens to any one chart: the worker
 * pool fails only the chart at fault and codes the rest of its group again (see worker-pool).
 */
import { namedKind, type ChartInput } from '../ingest/list-inputs.js';

/** Text charts (or encounters) per group. A PDF or a page image (or an encounter holding one) goes alone: it can take seconds, and the rest of its group would wait. */
export const GROUP_SIZE = 8;

/** Consecutive charts in groups of at most `size` text charts, each PDF or page image in a group of its own. */
export function* chartGroups(
  inputs: readonly ChartInput[],
  size: number,
): Generator<{ first: number; inputs: ChartInput[] }> {
  let group: ChartInput[] = [];
  let first = 0;
  for (const [i, input] of inputs.entries()) {
    const alone = (input.documents ?? [input]).some((d) => namedKind(d) !== 'text');
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

/**
 * The groups of a batch's charts still to code, numbered by their place among them (the order the writer
 * needs). Cut from the whole list and then stripped of the charts done, so the groups of a resumed batch are
 * the groups its first run made (a queue run finds the jobs it had already handed out).
 */
export function* todoGroups(
  inputs: readonly ChartInput[],
  done: ReadonlySet<string>,
  size: number,
): Generator<{ first: number; inputs: ChartInput[] }> {
  let next = 0;
  for (const group of chartGroups(inputs, size)) {
    const todo = group.inputs.filter((i) => !done.has(i.id));
    if (todo.length === 0) continue;
    yield { first: next, inputs: todo };
    next += todo.length;
  }
}
