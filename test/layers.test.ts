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
/** A stage imports only the contract, the text tools and the code sets; the two exceptions below say why. */
const stageBase = ['contract', 'text', 'code-systems'];
const stageExtra: Record<string, string[]> = {
  // the confidence model (features, prior weights, arithmetic): score-confidence scores with it, and rank-codes
  // gives every rule code its prior score as a feature of its re-ranker
  'rank-codes': ['scoring'],
  'score-confidence': ['scoring'],
  // the sink writes into the batch folder: it flushes on the batch's crash window and honours its test faults
  'write-review-batch': ['batch'],
};
const allowed: Record<string, string[]> = {
  contract: [],
  // declarations for packages that ship no types (natural's stemmer by its module path): no code, no imports
  types: [],
  text: ['contract'],
  scoring: ['contract'],
  'code-systems': ['contract', 'text'],
  batch: ['contract'],
  ...Object.fromEntries(stages.map((s) => [s, [...stageBase, ...(stageExtra[s] ?? [])]])),
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
  /** The imported file, relative to src/ (`.ts`). */
  target: string;
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
      out.push({
        file: path.relative(src, file),
        target: path.relative(src, target).replace(/\.js$/, '.ts'),
        from: folderOf(file),
        to: folderOf(target),
      });
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

  it('no two files import each other, directly or through others (type-only imports count)', () => {
    const next = new Map<string, string[]>();
    for (const i of all) next.set(i.file, [...(next.get(i.file) ?? []), i.target]);
    // Depth-first: a file met again while still on the path closes a cycle.
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, trail: string[]): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(f)), f].join(' -> '));
        return;
      }
      state.set(f, 'open');
      for (const t of next.get(f) ?? []) visit(t, [...trail, f]);
      state.set(f, 'done');
    };
    for (const f of next.keys()) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
