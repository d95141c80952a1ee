/**
 * The CMS-HCC risk-adjustment map, read at run time from a folder holding CMS's files as repackaged
 * in ../shared/data/hcc (never copied into the repo): `ra_dx_to_cc_<year>.csv[.gz]` (dotless
 * ICD-10-CM → condition category per model), `ra_labels_<year>.csv` and `ra_hierarchies_<year>.csv`.
 * Only the CMS-HCC V28 model is kept.
 * Example: E11.22 → HCC37 "Diabetes with Chronic Complications"; HCC37 outranks HCC38.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { ChartcoderError } from '../contract/errors.js';
import { packageRoot } from '../contract/paths.js';
import { readSourceText } from '../code-systems/source-file.js';

export const HCC_MODEL = 'V28';
const DX_MODEL_NAME = 'CMS-HCC Model V28';

export interface HccMap {
  /** The folder and files read, for the manifest. */
  source: { dir: string; files: string[] };
  /** Dotless ICD-10-CM code → categories (`HCC37`). */
  byCode: Map<string, string[]>;
  labels: Map<string, string>;
  /** Category → the categories that outrank it (when both are on a chart, only the higher one counts). */
  outrankedBy: Map<string, string[]>;
}

/** ../shared/data/hcc beside the checkout, when it is there. */
export function defaultHccDir(): string | undefined {
  const dir = path.resolve(packageRoot, '..', 'shared', 'data', 'hcc');
  return existsSync(dir) ? dir : undefined;
}

export function loadHccMap(dir: string): HccMap {
  const find = (stem: string) => {
    const name = (existsSync(dir) ? readdirSync(dir) : [])
      .filter((f) => f.startsWith(stem) && /\.csv(\.gz)?$/.test(f))
      .sort()
      .at(-1);
    if (!name)
      throw new ChartcoderError(
        'CONFIG_BAD_VALUE',
        `expected an HCC file ${stem}<year>.csv[.gz] in the HCC folder, found none`,
        dir,
      );
    return path.join(dir, name);
  };
  const files = [find('ra_dx_to_cc_'), find('ra_labels_'), find('ra_hierarchies_')];
  const read = (text: string) =>
    parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
  // Only the header and the V28 lines of the diagnosis map are parsed: a seventh of the file, a fraction of the time.
  const dxLines = readSourceText(files[0]!, 'utf8').split(/\r?\n/);
  const dx = read([dxLines[0], ...dxLines.filter((l) => l.endsWith(`,${DX_MODEL_NAME}`))].join('\n'));
  const [labels, hierarchies] = files.slice(1).map((f) => read(readSourceText(f, 'utf8')));
  const byCode = new Map<string, string[]>();
  for (const r of dx) {
    if (r.model_name !== DX_MODEL_NAME || !r.diagnosis_code || !r.cc) continue;
    const list = byCode.get(r.diagnosis_code) ?? byCode.set(r.diagnosis_code, []).get(r.diagnosis_code)!;
    list.push(`HCC${r.cc}`);
  }
  const isModel = (r: Record<string, string>) => r.model_domain === 'CMS-HCC' && r.model_version === HCC_MODEL;
  const labelMap = new Map(labels!.filter(isModel).map((r) => [r.cc!, r.label!]));
  const outrankedBy = new Map<string, string[]>();
  for (const r of hierarchies!.filter(isModel)) {
    const child = `HCC${r.cc_child}`;
    (outrankedBy.get(child) ?? outrankedBy.set(child, []).get(child)!).push(`HCC${r.cc_parent}`);
  }
  if (byCode.size === 0)
    throw new ChartcoderError(
      'CONFIG_BAD_VALUE',
      `expected ${DX_MODEL_NAME} rows in the diagnosis map, found none`,
      files[0]!,
    );
  return { source: { dir, files: files.map((f) => path.basename(f)) }, byCode, labels: labelMap, outrankedBy };
}
