import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MAX_QUEUED_BYTES, coalesceStreams } from '../../../src/ui/coalesced-streams-io.js';

function recorder(name: string, writes: string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writes.push(`${name}:${chunk.toString()}`);
      callback();
    },
  });
}

describe('coalesceStreams', () => {
  it.each([
    [
      'a run of stdout lines becomes one write',
      [
        ['out', 'a\n'],
        ['out', 'b\n'],
        ['out', 'c\n'],
      ],
      ['out:a\nb\nc\n'],
    ],
    [
      'order across stdout and stderr is kept',
      [
        ['out', 'a\n'],
        ['err', 'hint\n'],
        ['out', 'b\n'],
        ['out', 'c\n'],
      ],
      ['out:a\n', 'err:hint\n', 'out:b\nc\n'],
    ],
    ['nothing written, nothing flushed', [], []],
  ] as Array<[string, Array<['out' | 'err', string]>, string[]]>)('%s', async (_name, input, expected) => {
    const writes: string[] = [];
    const streams = coalesceStreams(recorder('out', writes), recorder('err', writes));
    for (const [target, text] of input) (target === 'out' ? streams.stdout : streams.stderr).write(text);
    // Held until the end of the event-loop turn, then written without anyone calling flush().
    expect(writes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual(expected);
  });

  it('flush() writes pending lines at once', () => {
    const writes: string[] = [];
    const streams = coalesceStreams(recorder('out', writes), recorder('err', writes));
    streams.stdout.write('{"type":"event"}\n');
    streams.flush();
    expect(writes).toEqual(['out:{"type":"event"}\n']);
  });
});

describe('coalesceStreams with a reader that does not keep up', () => {
  it('skips lines while the stream holds more than MAX_QUEUED_BYTES, then says how many', async () => {
    const held: Array<() => void> = [];
    let accepted = 0;
    // stdout whose writes never complete until released: its unwritten bytes pile up, as with a stuck pipe reader.
    const slow = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        accepted += chunk.length;
        held.push(callback);
      },
    });
    const notes: string[] = [];
    const streams = coalesceStreams(slow, recorder('err', notes));
    const line = `${'x'.repeat(999)}\n`;
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 30; i++) {
      for (let k = 0; k < 100; k++) streams.stdout.write(line);
      await turn();
    }
    // 3 MB offered; what the stream holds stays within the bound plus one turn's run.
    expect(slow.writableLength).toBeLessThanOrEqual(MAX_QUEUED_BYTES + 100 * line.length);
    expect(slow.writableLength).toBeLessThan(30 * 100 * line.length);
    expect(notes).toEqual([]);
    while (held.length > 0) held.shift()!();
    await turn();
    const printed = (accepted + slow.writableLength) / line.length;
    streams.stdout.write('{"type":"event"}\n');
    await turn();
    const skipped = 3000 - printed;
    expect(skipped).toBeGreaterThan(0);
    expect(notes).toEqual([
      `err:⚠ ${skipped} line(s) not printed: stdout was not keeping up (every event is in the event log)\n`,
    ]);
  });
});
