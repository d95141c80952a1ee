/**
 * The evaluation's plots as vega-lite specs, rendered to SVG in process (no browser, no network),
 * so the HTML report is one self-contained file that opens offline.
 */
import type { EvalReport } from './evaluate.js';
import type { Figure } from './figures.js';
import { barsWithIntervals, referenceLine, rowOf } from './plot-intervals.js';

type Spec = Record<string, unknown>;

const base = {
  width: 360,
  height: 240,
  config: { font: 'sans-serif', axis: { labelFontSize: 11, titleFontSize: 12 } },
};

/** The lines the plots are read against: the pipeline's auto threshold and the precision target it was calibrated for. */
export interface PlotLines {
  autoThreshold: number | null;
  precisionTarget: number | null;
}

export function plotSpecs(
  r: EvalReport,
  lines: PlotLines = { autoThreshold: null, precisionTarget: null },
): { title: string; spec: Spec }[] {
  const fig = figureIndex(r.figures);
  const bins = Array.from({ length: 10 }, (_, i) => ({
    acc: fig(`calibration.bin${i}.accuracy`),
    conf: fig(`calibration.bin${i}.confidence`),
  }))
    .filter((b) => b.acc?.value != null && b.conf?.value != null)
    .map((b) => ({
      meanConfidence: b.conf!.value,
      accuracy: b.acc!.value,
      lo: b.acc!.lo,
      hi: b.acc!.hi,
      count: b.acc!.n,
    }));
  const metrics = ['precision', 'recall', 'f1'] as const;
  const systems = Object.keys(r.bySystem).flatMap((s) =>
    metrics.flatMap((m) =>
      fig(`system.${s}.${m}`) ? [rowOf(fig(`system.${s}.${m}`)!, `${s} ${m === 'f1' ? 'F1' : m}`, m)] : [],
    ),
  );
  const group = (g: string, suffix: string, label: (f: Figure) => string) =>
    r.figures
      .filter((f) => f.group === g && f.id.endsWith(suffix))
      .sort((a, b) => b.n - a.n)
      .map((f) => rowOf(f, label(f)));
  const coding = ['first_listed.accuracy', 'pointers.accuracy', 'hcc.capture', 'traps.compliance'].flatMap((id) =>
    fig(id) ? [rowOf(fig(id)!, fig(id)!.label)] : [],
  );
  const atThreshold =
    lines.autoThreshold === null ? [] : r.coverage.curve.filter((p) => p.threshold >= lines.autoThreshold!).slice(-1);
  return [
    {
      title: `Reliability diagram (ECE ${r.calibration.ece.toFixed(3)}; whiskers: 95% interval over charts)`,
      spec: {
        ...base,
        layer: [
          {
            data: {
              values: [
                { x: 0, y: 0 },
                { x: 1, y: 1 },
              ],
            },
            mark: { type: 'line', strokeDash: [4, 4], color: '#999' },
            encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
          },
          {
            data: { values: bins },
            mark: { type: 'rule', color: '#555' },
            encoding: {
              x: { field: 'meanConfidence', type: 'quantitative' },
              y: { field: 'lo', type: 'quantitative' },
              y2: { field: 'hi' },
            },
          },
          ...(['line', 'circle'] as const).map((type) => ({
            data: { values: bins },
            mark: { type, ...(type === 'circle' ? { opacity: 0.8 } : {}) },
            encoding: {
              x: { field: 'meanConfidence', type: 'quantitative', title: 'mean confidence', scale: { domain: [0, 1] } },
              y: { field: 'accuracy', type: 'quantitative', title: 'share correct', scale: { domain: [0, 1] } },
              ...(type === 'circle'
                ? { size: { field: 'count', type: 'quantitative', title: 'codes', scale: { range: [30, 400] } } }
                : {}),
            },
          })),
          ...referenceLine('x', lines.autoThreshold, 'auto threshold'),
        ],
      },
    },
    {
      title: 'Precision against coverage (accepting codes at or above each confidence)',
      spec: {
        ...base,
        layer: [
          {
            data: { values: r.coverage.curve },
            mark: { type: 'line', point: true },
            encoding: {
              x: {
                field: 'coverage',
                type: 'quantitative',
                title: 'share of gold codes accepted',
                scale: { domain: [0, 1] },
              },
              y: { field: 'precision', type: 'quantitative', title: 'precision', scale: { domain: [0, 1] } },
            },
          },
          ...referenceLine('y', lines.precisionTarget, 'precision target'),
          ...(atThreshold.length
            ? [
                {
                  data: { values: atThreshold },
                  mark: { type: 'point', shape: 'diamond', size: 140, color: '#c0392b', filled: true },
                  encoding: {
                    x: { field: 'coverage', type: 'quantitative' },
                    y: { field: 'precision', type: 'quantitative' },
                  },
                },
              ]
            : []),
        ],
      },
    },
    {
      title: 'Per code system (micro; whiskers: 95% interval)',
      spec: { ...base, ...barsWithIntervals(systems, 'rate') },
    },
    {
      title: 'Precision by section of the evidence',
      spec: {
        ...base,
        ...barsWithIntervals(
          group('section', '.precision', (f) => f.id.split('.')[1]!),
          'precision',
        ),
      },
    },
    {
      title: 'F1 by document type',
      spec: {
        ...base,
        ...barsWithIntervals(
          group('document type', '.f1', (f) => f.id.split('.')[1]!),
          'F1',
        ),
      },
    },
    {
      title: 'Share right by flag reason',
      spec: {
        ...base,
        ...barsWithIntervals(
          group('flag reason', '.precision', (f) => f.label.replace(/ precision$/, '')),
          'share right',
        ),
      },
    },
    { title: 'Sequencing, pointers, HCC capture and traps', spec: { ...base, ...barsWithIntervals(coding, 'rate') } },
  ];
}

function figureIndex(figures: Figure[]): (id: string) => Figure | undefined {
  const m = new Map(figures.map((f) => [f.id, f]));
  return (id) => m.get(id);
}

export async function renderSvg(spec: Spec): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vl.compile(spec as unknown as Parameters<typeof vl.compile>[0]).spec;
  return new vega.View(vega.parse(compiled), { renderer: 'none' }).toSVG();
}
