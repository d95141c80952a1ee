import { describe, expect, it } from 'vitest';
import { Slots } from '../../src/pipeline/slots.js';

const later = (ms: number, fail = false) =>
  new Promise<void>((resolve, reject) => setTimeout(() => (fail ? reject(new Error('task failed')) : resolve()), ms));

describe('Slots', () => {
  it('never has more tasks in flight than slots, and drain waits for the last one', async () => {
    const slots = new Slots(3);
    let inFlight = 0;
    let most = 0;
    let finished = 0;
    for (let i = 0; i < 20; i++) {
      await slots.take();
      inFlight++;
      most = Math.max(most, inFlight);
      slots.track(
        later(1 + (i % 4)).then(() => {
          inFlight--;
          finished++;
        }),
      );
    }
    await slots.drain();
    expect(most).toBe(3);
    expect(finished).toBe(20);
  });

  it('hands the first failure to the next take and to drain', async () => {
    const slots = new Slots(1);
    await slots.take();
    slots.track(later(1, true));
    await expect(slots.take()).rejects.toThrow('task failed');
    await expect(slots.drain()).rejects.toThrow('task failed');
  });
});
