/** `--reviewed <batch>` of calibrate and train: the fully decided charts of reviewed batches as gold, saying what was left out. */
import type { GoldChart } from '../evaluate/gold.js';
import { reviewedGold } from '../review/reviewed-gold.js';
import type { CliIo } from './io.js';

export async function reviewedGoldOf(batches: string[], io: CliIo): Promise<GoldChart[]> {
  const charts: GoldChart[] = [];
  for (const b of batches) {
    const r = await reviewedGold(b);
    charts.push(...r.charts);
    const left = r.skipped.reduce<Record<string, number>>((m, s) => ({ ...m, [s.reason]: (m[s.reason] ?? 0) + 1 }), {});
    io.stdout.write(
      `reviewed batch ${b}: ${r.charts.length} charts as gold${
        r.skipped.length
          ? ` (left out: ${Object.entries(left)
              .map(([k, n]) => `${n} ${k}`)
              .join(', ')})`
          : ''
      }\n`,
    );
  }
  return charts;
}
