import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { coalesceStreams } from '../../../src/ui/coalesced-streams-io.js';

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
