/**
 * The evaluation's plots as vega-lite specs, rendered to SVG in process (no browser, no network),
 * so the HTML report is one self-contained file that opens offline.
 */
import type { EvalReport } from './evaluate.js';

type Spec = Record<string, unknown>;

const base = { width: 360, height: 240, config: { font: 'sans-serif', axis: { labelFontSize: 11, titleFontSize: 12 } } };

export function plotSpecs(r: EvalReport): { title: string; spec: Spec }[] {
  const bins = r.calibration.bins.filter((b) => b.count > 0).map((b) => ({ ...b, mid: (b.lo + b.hi) / 2 }));
  const systems = Object.entries(r.bySystem).flatMap(([system, m]) =>
    (['precision', 'recall', 'f1'] as const).map((metric) => ({ system, metric, value: m.micro[metric] })),
  );
  const sections = Object.entries(r.bySection).map(([section, s]) => ({ section, precision: s.precision, predicted: s.predicted }));
  const types = Object.entries(r.byDocumentType).map(([type, m]) => ({ type, f1: m.f1 }));
  return [
    {
      title: `Reliability diagram (ECE ${r.calibration.ece.toFixed(3)})`,
      spec: {
        ...base,
        layer: [
          { data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }, mark: { type: 'line', strokeDash: [4, 4], color: '#999' }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } },
          ...(['line', 'circle'] as const).map((type) => ({
            data: { values: bins },
            mark: { type, ...(type === 'circle' ? { opacity: 0.8 } : {}) },
            encoding: {
              x: { field: 'meanConfidence', type: 'quantitative', title: 'mean confidence', scale: { domain: [0, 1] } },
              y: { field: 'accuracy', type: 'quantitative', title: 'share correct', scale: { domain: [0, 1] } },
              ...(type === 'circle' ? { size: { field: 'count', type: 'quantitative', title: 'codes', scale: { range: [30, 400] } } } : {}),
            },
          })),
        ],
      },
    },
    {
      title: 'Precision against coverage (accepting codes at or above each confidence)',
      spec: {
        ...base,
        data: { values: r.coverage.curve },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'coverage', type: 'quantitative', title: 'share of gold codes accepted', scale: { domain: [0, 1] } },
          y: { field: 'precision', type: 'quantitative', title: 'precision', scale: { domain: [0, 1] } },
        },
      },
    },
    {
      title: 'Per code system (micro)',
      spec: {
        ...base,
        data: { values: systems },
        mark: 'bar',
        encoding: {
          x: { field: 'system', type: 'nominal', title: null },
          xOffset: { field: 'metric' },
          y: { field: 'value', type: 'quantitative', scale: { domain: [0, 1] }, title: null },
          color: { field: 'metric', type: 'nominal' },
        },
      },
    },
    {
      title: 'Precision by section of the evidence',
      spec: {
        ...base,
        data: { values: sections },
        mark: 'bar',
        encoding: {
          y: { field: 'section', type: 'nominal', sort: '-x', title: null },
          x: { field: 'precision', type: 'quantitative', scale: { domain: [0, 1] } },
          tooltip: [{ field: 'predicted' }],
        },
      },
    },
    {
      title: 'F1 by document type',
      spec: { ...base, data: { values: types }, mark: 'bar', encoding: { y: { field: 'type', type: 'nominal', sort: '-x', title: null }, x: { field: 'f1', type: 'quantitative', scale: { domain: [0, 1] } } } },
    },
  ];
}

export async function renderSvg(spec: Spec): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vl.compile(spec as unknown as Parameters<typeof vl.compile>[0]).spec;
  return new vega.View(vega.parse(compiled), { renderer: 'none' }).toSVG();
}
