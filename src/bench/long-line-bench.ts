/**
 * A chart with no line ends and no full stops must cost time linear in its length (units are capped, no
 * step rescans a unit per mention): the time to code four times the text, as a ratio. Linear work gives
 * about 4, quadratic about 16. (test/extract-mentions/long-unit.test.ts checks the outcomes, not the time.)
 */
import { outpatientStages } from './bench-stages.js';
import { newRecord, processChart } from '../pipeline/process-chart.js';
import { fixtureTexts } from './corpus.js';

function oneLine(chars: number, punctuation: boolean): string {
  const joined = fixtureTexts().join(' ');
  const base = punctuation ? joined.replace(/\s+/g, ' ') : joined.replace(/[.!?:;\s]+/g, ' ');
  return base.repeat(Math.ceil(chars / base.length)).slice(0, chars);
}

export async function longLineBench(): Promise<string[]> {
  const stages = await outpatientStages((name) => name !== 'ingest');
  const time = async (chars: number, punctuation: boolean) => {
    let best = Infinity;
    for (let k = 0; k < 2; k++) {
      const r = newRecord({ id: 'long', path: 'mem' }, 'outpatient');
      r.text = oneLine(chars, punctuation);
      r.pages = [{ start: 0, end: r.text.length }];
      const t0 = performance.now();
      await processChart(r, stages);
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };
  const lines: string[] = [];
  for (const punctuation of [false, true]) {
    await time(50_000, punctuation); // warm up the JIT so the small size is not charged for it
    const small = await time(256 * 1024, punctuation);
    const large = await time(1024 * 1024, punctuation);
    lines.push(
      `single-line chart ${punctuation ? 'with' : 'without'} punctuation: 256 KB ${small.toFixed(0)} ms, 1 MB ${large.toFixed(0)} ms, ratio ${(large / small).toFixed(1)} (linear ≈ 4)`,
    );
  }
  return lines;
}
