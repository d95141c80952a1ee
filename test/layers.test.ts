import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stageRegistry } from '../src/pipeline/registry.js';

/**
 * The layers of docs/architecture.md, as the imports must follow them: each folder of src/ may import
 * only the folders listed for it (and itself). Type-only imports count: a type from a higher layer ties the
 * layers together as much as a value does.
 */
const src = path.resolve(import.meta.dirname, '..', 'src');
const stages = [...stageRegistry.keys()];
const shared = ['contract', 'text', 'scoring', 'code-systems', 'batch'];
const allowed: Record<string, string[]> = {
  contract: [],
  // declarations for packages that ship no types (natural's stemmer by its module path): no code, no imports
  types: [],
  text: ['contract'],
  scoring: ['contract'],
  'code-systems': ['contract', 'text'],
  batch: ['contract'],
  ...Object.fromEntries(stages.map((s) => [s, shared])),
  pipeline: [...shared, ...stages],
  evaluate: [...shared, ...stages],
  queue: [...shared, ...stages, 'pipeline'],
  calibrate: [...shared, ...stages, 'pipeline', 'evaluate'],
  train: [...shared, ...stages, 'pipeline', 'evaluate', 'calibrate'],
  review: [...shared, ...stages, 'evaluate'],
  cli: [...shared, ...stages, 'pipeline', 'queue', 'evaluate', 'calibrate', 'train', 'review'],
  bench: [...shared, ...stages, 'pipeline', 'queue', 'evaluate', 'review'],
  '(root)': [...shared, ...stages, 'pipeline'],
};

interface Import {
  file: string;
  from: string;
  to: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** `src/<folder>/…` → folder; a file directly in src/ (index.ts) → `(root)`. */
function folderOf(file: string): string {
  const rel = path.relative(src, file).split(path.sep);
  return rel.length > 1 ? rel[0]! : '(root)';
}

function imports(): Import[] {
  const out: Import[] = [];
  for (const file of sourceFiles(src)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)'(\.{1,2}\/[^']+)'/gm)) {
      const target = path.resolve(path.dirname(file), m[1]!);
      out.push({ file: path.relative(src, file), from: folderOf(file), to: folderOf(target) });
    }
  }
  return out;
}

describe('layers', () => {
  const all = imports();

  it('reads the imports (the registry imports every stage)', () => {
    const fromRegistry = new Set(all.filter((i) => i.file === path.join('pipeline', 'registry.ts')).map((i) => i.to));
    for (const s of stages) expect(fromRegistry.has(s), s).toBe(true);
  });

  it('places every folder of src/ in a layer, and every stage has a folder named for it', () => {
    const folders = readdirSync(src, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(folders.filter((f) => !(f in allowed))).toEqual([]);
    expect(stages.filter((s) => !folders.includes(s))).toEqual([]);
  });

  it('no stage imports another stage, the runner or a tool; no layer imports one above it', () => {
    const crossed = all
      .filter((i) => i.from !== i.to && !allowed[i.from]!.includes(i.to))
      .map((i) => `${i.file} imports ${i.to}/`);
    expect(crossed).toEqual([]);
  });
});
