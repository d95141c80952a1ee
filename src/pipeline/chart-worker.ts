/**
 * A worker thread of the chart pool: codes the groups of charts it is handed, PDF parsing included, so every
 * core works. Each group names its set (pipeline and code-set releases, see warm-sets): loaded on first use and
 * kept, so a thread of a queue worker stays warm from one batch to the next. Returns each chart encoded by the
 * pipeline's sink (its CSV lines), so the thread writing the batch only moves bytes.
 */
import { workerData } from 'node:worker_threads';
import { WarmSets, type WorkSet } from './warm-sets.js';
import { serveGroups } from './worker-protocol.js';
import { threadTables } from './thread-tables.js';

// The code set's big read-only tables (the lexicon) are built by the first thread that needs them and shared.
const sets = new WarmSets(threadTables());

serveGroups(
  (workerData as { progress: SharedArrayBuffer }).progress,
  (inputs, starting, set) => sets.code(inputs, set as WorkSet, starting),
  () => sets.loads,
);
