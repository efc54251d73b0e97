import fc from 'fast-check';
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

  it('refuses only the submission that fails: the others of its batch are committed on their own', async () => {
    const { commits, queue } = recorder((items) => items.includes(13));
    const settled = await Promise.allSettled([queue.submit([12]), queue.submit([13]), queue.submit([14, 15])]);
    expect(settled.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(settled[0]).toEqual({ status: 'fulfilled', value: ['r12'] });
    expect(settled[2]).toEqual({ status: 'fulfilled', value: ['r14', 'r15'] });
    expect(commits).toEqual([[12], [14, 15]]);
    expect(await queue.submit([16])).toEqual(['r16']);
  });

  it('rejects a lone submission whose commit fails, and later ones still commit', async () => {
    const { commits, queue } = recorder((items) => items.includes(13));
    await expect(queue.submit([13])).rejects.toThrow('disk on fire');
    expect(await queue.submit([14])).toEqual(['r14']);
    expect(commits).toEqual([[14]]);
  });

  it('a poison submission among many concurrent innocent ones fails alone (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 30 }), fc.nat({ max: 29 }), async (n, at) => {
        const poison = at % n;
        const { commits, queue } = recorder((items) => items.includes(-1));
        const settled = await Promise.allSettled(Array.from({ length: n }, (_, i) => queue.submit(i === poison ? [-1] : [i])));
        settled.forEach((r, i) => expect(r.status).toBe(i === poison ? 'rejected' : 'fulfilled'));
        expect(commits.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i).filter((i) => i !== poison));
      }),
      { numRuns: 50 },
    );
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
