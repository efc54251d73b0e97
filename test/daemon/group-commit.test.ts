import { describe, expect, it } from 'vitest';
import { createGroupCommitQueue } from '../../src/daemon/group-commit.js';
import { HttpError } from '../../src/daemon/http-errors.js';

function recorder(fail?: (items: number[]) => boolean) {
  const commits: number[][] = [];
  const queue = createGroupCommitQueue<number, string>({
    commit(items) {
      if (fail?.(items)) throw new Error('disk on fire');
      commits.push([...items]);
      return items.map((i) => `r${i}`);
    },
  });
  return { commits, queue };
}

describe('group commit', () => {
  it('gathers submissions of the same turn into one commit and gives each its own results', async () => {
    const { commits, queue } = recorder();
    const results = await Promise.all([queue.submit([1]), queue.submit([2, 3]), queue.submit([4])]);
    expect(commits).toEqual([[1, 2, 3, 4]]);
    expect(results).toEqual([['r1'], ['r2', 'r3'], ['r4']]);
  });

  it('resolves nothing before its commit has run', async () => {
    const { commits, queue } = recorder();
    let resolved = false;
    const p = queue.submit([7]).then(() => (resolved = true));
    expect(resolved).toBe(false);
    expect(commits).toEqual([]);
    await p;
    expect(commits).toEqual([[7]]);
  });

  it('splits at maxBatch without ever splitting one submission', async () => {
    const commits: number[][] = [];
    const queue = createGroupCommitQueue<number, number>({ maxBatch: 3, commit: (items) => (commits.push([...items]), items) });
    await Promise.all([queue.submit([1, 2]), queue.submit([3, 4]), queue.submit([5, 6, 7, 8]), queue.submit([9])]);
    expect(commits).toEqual([[1, 2], [3, 4], [5, 6, 7, 8], [9]]);
  });

  it('rejects every submission of a failed commit, and later ones still commit', async () => {
    const { commits, queue } = recorder((items) => items.includes(13));
    const failed = await Promise.allSettled([queue.submit([12]), queue.submit([13])]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await queue.submit([14])).toEqual(['r14']);
    expect(commits).toEqual([[14]]);
  });

  it('after close, commits what is queued and refuses new work with 503', async () => {
    const { commits, queue } = recorder();
    const pending = queue.submit([1]);
    const closed = queue.close();
    await expect(queue.submit([2])).rejects.toSatisfy((e: unknown) => e instanceof HttpError && e.status === 503);
    await closed;
    expect(await pending).toEqual(['r1']);
    expect(commits).toEqual([[1]]);
  });

  it('idle() waits for queued work', async () => {
    const { commits, queue } = recorder();
    void queue.submit([1]);
    expect(queue.depth()).toBe(1);
    await queue.idle();
    expect(queue.depth()).toBe(0);
    expect(commits).toEqual([[1]]);
  });
});
