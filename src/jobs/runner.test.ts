import { describe, expect, it, vi } from 'vitest';
import { startJob } from './runner.ts';

describe('startJob', () => {
  it('resolves with the executor result', async () => {
    const job = startJob(
      'x',
      async (id) => id * 2,
      () => {},
    );
    expect(await job.promise).toBe(job.id * 2);
  });

  it('cancel rejects at once with a cancelled error and asks the executor to stop', async () => {
    const requestCancel = vi.fn();
    const job = startJob('slow thing', () => new Promise<number>(() => {}), requestCancel);
    job.cancel();
    await expect(job.promise).rejects.toMatchObject({ code: 'cancelled', message: 'slow thing: cancelled' });
    expect(requestCancel).toHaveBeenCalledWith(job.id);
  });

  it('cancel after the job settled does nothing', async () => {
    const requestCancel = vi.fn();
    const job = startJob('done', async () => 1, requestCancel);
    await job.promise;
    job.cancel();
    expect(requestCancel).not.toHaveBeenCalled();
  });

  it('gives every job its own id', () => {
    const a = startJob(
      'a',
      async () => 0,
      () => {},
    );
    const b = startJob(
      'b',
      async () => 0,
      () => {},
    );
    expect(b.id).not.toBe(a.id);
  });
});
