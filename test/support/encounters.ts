/**
 * A manifest of encounters for batch tests: the fixture charts copied under new names, grouped into encounters
 * of one to three documents (and some documents outside any encounter), one encounter holding a PDF that
 * cannot be read and one whose documents disagree on the date of service.
 */
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../src/contract/paths.js';

export interface EncounterManifest {
  manifest: string;
  documents: number;
  encounters: number;
}

export function encounterManifest(count: number): EncounterManifest {
  const dir = mkdtempSync(path.join(tmpdir(), 'cc-encounters-'));
  const src = path.join(packageRoot, 'fixtures', 'charts');
  const files = readdirSync(src).sort();
  const rows: string[] = [];
  let encounter = 0;
  let i = 0;
  while (i < count) {
    const size = (encounter % 3) + 1;
    const id = `e${String(encounter).padStart(4, '0')}`;
    for (let k = 0; k < size && i < count; k++, i++) {
      const name = `d${String(i).padStart(4, '0')}`;
      const file = path.join(dir, `${name}.txt`);
      cpSync(path.join(src, files[i % files.length]!), file);
      // Every seventh encounter of one document has none named: a chart of its own.
      const enc = size === 1 && encounter % 7 === 0 ? '' : id;
      const date = encounter === 4 && k === 1 ? '2026-09-02' : '2026-09-01';
      rows.push(`${name},${file},outpatient,${date},${enc}`);
    }
    encounter++;
  }
  // An unreadable PDF in the second encounter (two documents): it fails alone, the other is coded.
  rows.push(`d0001x,${path.join(dir, 'missing.pdf')},outpatient,2026-09-01,e0001`);
  const manifest = path.join(dir, 'tonight.csv');
  writeFileSync(manifest, `chart_id,path,encounter_type,date_of_service,encounter_id\n${rows.join('\n')}\n`);
  return { manifest, documents: rows.length, encounters: encounter };
}
