// A chart worker for the pool's tests: it speaks the real protocol (dist/pipeline/worker-protocol.js) and
// does to each chart what its id says: `stuck` backtracks forever, `hog` fills the heap, `crash` ends the
// thread, `slow-<ms>` keeps the thread busy that long; any other chart is coded at once.
import { workerData } from 'node:worker_threads';
import { serveGroups } from '../../dist/pipeline/worker-protocol.js';

const code = (input) => {
  if (input.id.startsWith('stuck')) /^(a+)+$/.test(`${'a'.repeat(64)}b`);
  if (input.id.startsWith('hog')) {
    const keep = [];
    for (;;) keep.push(`${Math.random()}`.repeat(64));
  }
  if (input.id.startsWith('crash')) process.exit(3);
  if (input.id.startsWith('slow-')) {
    const end = Date.now() + Number(input.id.slice(5));
    while (Date.now() < end);
  }
  return { id: input.id, failed: false, encoded: `coded ${input.id}` };
};

serveGroups(workerData.progress, async (inputs, starting) =>
  inputs.map((input, i) => {
    starting(i);
    return code(input);
  }),
);
