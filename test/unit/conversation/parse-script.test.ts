import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseScript, STEP_KINDS } from '../../../src/conversation/parse-script.js';

const parse = (text: string) => parseScript(text, 'chat.yaml', '/bots/demo');

const HEADER = `bot:
  url: http://127.0.0.1:8000/webhook
customers:
  - { name: ana, number: "+1 650 555 1234" }
  - { name: bo, number: "44 7700 900123" }
conversations:
  - name: c
    steps:
`;

describe('parseScript', () => {
  it('reads every step kind, short and long forms', () => {
    const { script, problems } = parse(
      HEADER +
        [
          '      - say: hi',
          '      - say: { text: hello }',
          '      - from: bo',
          '        say: from bo',
          '      - send: { type: image, file: cat.jpg, caption: my cat }',
          '      - location: { latitude: 52.52, longitude: 13.405, name: Berlin }',
          '      - tap: Pizza',
          '      - wait: 25h',
          '      - expect: { type: text, text: { contains: Hello }, within: 2s }',
          '      - expect: { text: exact }',
          '      - expect: { text: { matches: "^Total: \\\\d+" } }',
          '      - expect: { buttons: [Pizza, Salad] }',
          '      - expect: { rows: [r1, Pepperoni], to: bo }',
          '      - expect: { template: { name: order_update, language: en_US, parameters: [Ana, 42] } }',
          '      - expectNoReply: 500ms',
          '      - expectNoReply:',
          '      - expectRead: { within: 3s }',
          '      - expectStatus: read',
          '      - expectStatus: { status: failed, code: 131047, within: 5 }',
          '      - expectError: 131047',
          '      - expectError: { code: 100, within: 1s }',
        ].join('\n'),
    );
    expect(problems).toEqual([]);
    const steps = script!.conversations[0]!.steps;
    expect(steps.map((s) => s.kind)).toEqual([
      'say',
      'say',
      'say',
      'send',
      'location',
      'tap',
      'wait',
      'expect',
      'expect',
      'expect',
      'expect',
      'expect',
      'expect',
      'expectNoReply',
      'expectNoReply',
      'expectRead',
      'expectStatus',
      'expectStatus',
      'expectError',
      'expectError',
    ]);
    expect(new Set(steps.map((s) => s.kind))).toEqual(new Set(STEP_KINDS));
    expect(steps[0]).toMatchObject({ kind: 'say', text: 'hi', customer: '16505551234', pos: { line: 9, column: 9 } });
    expect(steps[2]).toMatchObject({ kind: 'say', text: 'from bo', customer: '447700900123' });
    expect(steps[3]).toMatchObject({ kind: 'send', type: 'image', file: '/bots/demo/cat.jpg', caption: 'my cat' });
    expect(steps[4]).toMatchObject({ latitude: 52.52, longitude: 13.405, name: 'Berlin' });
    expect(steps[6]).toMatchObject({ kind: 'wait', ms: 25 * 3_600_000 });
    expect(steps[7]).toMatchObject({ reply: { type: 'text', text: { contains: 'Hello' }, withinMs: 2000 } });
    expect(steps[8]).toMatchObject({ reply: { text: { equals: 'exact' }, withinMs: 10_000 } });
    expect(steps[9]).toMatchObject({ reply: { text: { matches: '^Total: \\d+' } } });
    expect(steps[11]).toMatchObject({ reply: { rows: ['r1', 'Pepperoni'], to: '447700900123' } });
    expect(steps[12]).toMatchObject({
      reply: { template: { name: 'order_update', language: 'en_US', parameters: ['Ana', '42'] } },
    });
    expect(steps[13]).toMatchObject({ withinMs: 500 });
    expect(steps[14]).toMatchObject({ withinMs: 1000 });
    expect(steps[16]).toMatchObject({ status: 'read' });
    expect(steps[17]).toMatchObject({ status: 'failed', code: 131047, withinMs: 5000 });
    expect(steps[19]).toMatchObject({ code: 100, withinMs: 1000 });
  });

  it('reads JSON too, and a bot with its command, env and cwd', () => {
    const { script, problems } = parse(
      JSON.stringify({
        bot: { command: 'uvicorn app:app', url: 'http://127.0.0.1:8000/hook', cwd: 'api', env: { A: 1 } },
        timeout: '3s',
        conversations: [{ name: 'x', steps: [{ say: 'hi' }, { expect: { type: 'text' } }] }],
      }),
    );
    expect(problems).toEqual([]);
    expect(script!.bot).toEqual({
      url: 'http://127.0.0.1:8000/hook',
      command: 'uvicorn app:app',
      cwd: '/bots/demo/api',
      env: { A: '1' },
      readyTimeoutMs: 30_000,
    });
    expect(script!.customers).toEqual([{ name: 'customer', number: '16505551234' }]);
    expect(script!.conversations[0]!.steps[1]).toMatchObject({ reply: { withinMs: 3000 } });
  });

  const mistakes: Array<[string, string, number, number, RegExp]> = [
    ['a YAML syntax error', 'conversations:\n  - name: x\n    steps: [say: hi\n', 4, 1, /./],
    [
      'an unknown step key, with the nearest',
      HEADER + '      - sya: hi\n',
      9,
      9,
      /unknown key "sya" \(did you mean "say"\?\)/,
    ],
    [
      'two things in one step',
      HEADER + '      - say: hi\n        tap: x\n',
      9,
      9,
      /one step does one thing: found say and tap/,
    ],
    ['a bad duration', HEADER + '      - wait: tomorrow\n', 9, 15, /wait must be a duration such as 500ms/],
    ['a bad regex', HEADER + '      - expect: { text: { matches: "(" } }\n', 9, 36, /not a regular expression/],
    [
      'an unknown customer',
      HEADER + '      - from: ann\n        say: hi\n',
      9,
      15,
      /no customer "ann" in customers \(did you mean "ana"\?\)/,
    ],
    [
      'a media type',
      HEADER + '      - send: { type: imag, file: a.jpg }\n',
      9,
      23,
      /send.type "imag" is not one of image/,
    ],
    ['a missing file', HEADER + '      - send: { type: image }\n', 9, 15, /send needs file/],
    ['a latitude', HEADER + '      - location: { latitude: 91, longitude: 0 }\n', 9, 31, /between -90 and 90/],
    ['a status', HEADER + '      - expectStatus: seen\n', 9, 23, /"seen" is not one of sent, delivered, read, failed/],
    ['an error code', HEADER + '      - expectError: oops\n', 9, 22, /expectError.*must be a number/],
    ['a phone number', 'customers:\n  - number: "12"\nconversations: []\n', 2, 13, /not a phone number/],
    [
      'a remote bot',
      'bot: { url: "https://bot.example.com/hook" }\nconversations: []\n',
      1,
      13,
      /must be an http:\/\/ URL on this machine/,
    ],
    ['no conversations', 'bot: { url: "http://127.0.0.1:1/x" }\n', 1, 1, /needs conversations/],
    ['empty steps', 'conversations:\n  - name: x\n    steps: []\n', 3, 12, /at least one step/],
    ['buttons and rows', HEADER + '      - expect: { buttons: [a], rows: [b] }\n', 9, 17, /buttons or rows, not both/],
    ['a duplicate key', 'conversations: []\nconversations: []\n', 2, 1, /unique/i],
  ];
  it.each(mistakes)('reports %s at its line and column', (_what, text, line, column, message) => {
    const { script, problems } = parse(text);
    expect(script).toBeUndefined();
    expect(problems[0]).toMatchObject({ line, column });
    expect(problems[0]!.message).toMatch(message);
  });

  it('reports every mistake of a file, in order', () => {
    const { problems } = parse(HEADER + '      - wait: never\n      - say: [1]\n      - tap:\n');
    expect(problems.map((p) => p.line)).toEqual([9, 10, 11]);
  });
});

describe('the JSON Schema shipped in the package', () => {
  const schema = JSON.parse(
    readFileSync(new URL('../../../schema/conversation.schema.json', import.meta.url), 'utf8'),
  ) as {
    properties: Record<string, unknown>;
    definitions: { step: { oneOf: Array<{ required: string[] }> } };
  };
  it('documents exactly the step kinds and top-level keys the parser reads', () => {
    expect(schema.definitions.step.oneOf.map((s) => s.required[0]).sort()).toEqual([...STEP_KINDS].sort());
    expect(Object.keys(schema.properties).sort()).toEqual(['bot', 'conversations', 'customers', 'timeout']);
  });
});
