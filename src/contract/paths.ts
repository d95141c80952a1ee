/** Where the package's own data lives; the same from `src/` (tests) and `dist/` (installed CLI). */
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const pipelinesDir = path.join(packageRoot, 'pipelines');
export const starterCodeSetDir = path.join(packageRoot, 'code-sets', 'starter');
