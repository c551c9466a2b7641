import { describe, expect, it } from 'vitest';
import { latestWins } from './latestWins.ts';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('latestWins', () => {
  it('throttles a drag, cancels the running update on each start, and starts a release at once', async () => {
    const started: number[] = [];
    const cancelled: number[] = [];
    const lw = latestWins<number>((v) => {
      started.push(v);
      return { cancel: () => cancelled.push(v) };
    }, 40);
    lw.request(1);
    lw.request(2);
    lw.request(3); // a drag: only the newest of these starts, once the throttle allows
    expect(started).toEqual([]);
    await sleep(60);
    expect(started).toEqual([3]);
    lw.request(4);
    lw.request(5, true); // release: at once, superseding 3
    expect(started).toEqual([3, 5]);
    expect(cancelled).toEqual([3]);
    await sleep(60);
    expect(started).toEqual([3, 5]); // 4 was superseded before it started
    lw.request(5, true); // the release after a key press: the same value again, dropped
    expect(started).toEqual([3, 5]);
    expect(lw.isCurrent(2)).toBe(true);
    expect(lw.isCurrent(1)).toBe(false);
    lw.dispose();
    expect(cancelled).toEqual([3, 5]);
    expect(lw.isCurrent(2)).toBe(false);
  });

  it('cancel stops the running update and a pending one; the same value may then start again', async () => {
    const started: number[] = [];
    const cancelled: number[] = [];
    const lw = latestWins<number>((v) => {
      started.push(v);
      return { cancel: () => cancelled.push(v) };
    }, 20);
    lw.request(1, true);
    lw.request(2); // pending behind the throttle
    lw.cancel();
    expect(cancelled).toEqual([1]);
    await sleep(40);
    expect(started).toEqual([1]); // 2 never started
    lw.request(1, true); // not dropped as "the same as the last"
    expect(started).toEqual([1, 1]);
    lw.dispose();
  });
});
