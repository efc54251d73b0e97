import { describe, expect, it } from 'vitest';
import { bufferLines } from '../../src/cli/output/line-buffer.js';

describe('bufferLines', () => {
  it('writes nothing until flushed, then every line in order in one write', () => {
    const writes: string[] = [];
    const b = bufferLines((t) => writes.push(t));
    b.write('one');
    b.write('two');
    expect(writes).toEqual([]);
    b.flush();
    expect(writes).toEqual(['one\ntwo\n']);
    b.flush();
    expect(writes).toHaveLength(1);
  });

  it('writes as soon as the buffer is full', () => {
    const writes: string[] = [];
    const b = bufferLines((t) => writes.push(t), 10);
    b.write('12345');
    expect(writes).toEqual([]);
    b.write('67890');
    expect(writes).toEqual(['12345\n67890\n']);
  });

  it('writes on the next turn of the event loop without an explicit flush', async () => {
    const writes: string[] = [];
    const b = bufferLines((t) => writes.push(t));
    b.write('later');
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual(['later\n']);
  });
});
