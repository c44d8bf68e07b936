import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../../src/conversation/report-junit.js';
import { renderFailuresAndSummary } from '../../../src/conversation/report-human.js';
import { summarize, type FileResult } from '../../../src/conversation/results.js';
import { createTheme } from '../../../src/ui/theme.js';

const files: FileResult[] = [
  {
    file: 'a <&> "b".yaml',
    ms: 1234,
    conversations: [
      {
        name: 'ok',
        pos: { line: 3, column: 5 },
        ms: 10,
        passed: true,
        steps: [{ label: 'say "hi"', pos: { line: 4, column: 9 }, status: 'passed', ms: 1 }],
      },
      {
        name: 'bad \u0001 one',
        pos: { line: 8, column: 5 },
        ms: 20,
        passed: false,
        steps: [
          {
            label: 'expect "Bye"',
            pos: { line: 9, column: 9 },
            status: 'failed',
            ms: 5,
            failure: {
              message: "the bot's reply differs from what the step expects",
              mismatches: [{ field: 'text.body', expected: '"Bye"', actual: '"<Hello>"' }],
              call: { method: 'POST', path: '/v24.0/1/messages', status: 200, request: { type: 'text' } },
            },
          },
          { label: 'say "x"', pos: { line: 10, column: 9 }, status: 'skipped', ms: 0 },
        ],
      },
    ],
  },
];

describe('reporters', () => {
  it('junit: a suite per file, a case per conversation, the failure with its step, line and diff; escaped', () => {
    const xml = renderJunit(files);
    expect(xml).toContain('<testsuites name="wa-hook test" tests="2" failures="1" errors="0" time="1.234">');
    expect(xml).toContain('<testsuite name="a &lt;&amp;&gt; &quot;b&quot;.yaml" tests="2" failures="1"');
    expect(xml).toContain('<testcase name="ok" classname="a &lt;&amp;&gt; &quot;b&quot;.yaml"');
    expect(xml).toContain('name="bad \ufffd one"');
    expect(xml).toMatch(/<failure message="step 1 \(line 9:9\) expect &quot;Bye&quot;: the bot&apos;s reply differs/);
    expect(xml).toContain('+ actual   text.body: &quot;&lt;Hello&gt;&quot;');
  });

  it('human: one block per failure with file:line:column, the diff, then the totals', () => {
    const lines = renderFailuresAndSummary(files, summarize(files), createTheme(false));
    expect(lines).toContain('✖ a <&> "b".yaml › bad \u0001 one › step 1: expect "Bye"  (a <&> "b".yaml:9:9)');
    expect(lines).toContain('    - expected text.body  "Bye"');
    expect(lines).toContain('    + actual   text.body  "<Hello>"');
    expect(lines).toContain("    the bot's call: POST /v24.0/1/messages → 200");
    expect(lines.at(-1)).toBe('2 conversations, 1 passed, 1 failed (2 steps, 1.2 s)');
  });
});
