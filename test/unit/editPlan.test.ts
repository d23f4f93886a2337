import * as assert from 'assert';
import { minimalEdit, planCreate, planInsert, planStrReplace, settleAccepted, type EditPlan, type PlanOutcome } from '../../src/tools/editPlan';
import { ModelText } from '../../src/tools/lineEndings';

const lf = { defaultEol: '\n' as const };
const crlf = { defaultEol: '\r\n' as const };

function planned(outcome: PlanOutcome): EditPlan {
  if (!outcome.ok) assert.fail(`expected a plan, got ${outcome.reason}: ${outcome.message}`);
  return outcome.plan;
}

function failed(outcome: PlanOutcome): { reason: string; message: string } {
  assert.ok(!outcome.ok, 'expected a refusal');
  return outcome;
}

/** Applying the plan's minimal edit to `before` must give exactly the proposal. */
function applyEdit(plan: EditPlan): string {
  return plan.before.slice(0, plan.edit.start) + plan.edit.text + plan.before.slice(plan.edit.end);
}

describe('str_replace planning', () => {
  it('replaces the one match', () => {
    const plan = planned(planStrReplace('a\nb\nc\n', 'b', 'B', lf));
    assert.strictEqual(plan.after, 'a\nB\nc\n');
    assert.strictEqual(applyEdit(plan), plan.after);
    assert.deepStrictEqual(plan.edit, { start: 2, end: 3, text: 'B' });
    assert.deepStrictEqual(plan.lines, { start: 2, end: 2 });
  });

  it('refuses no match, and says nothing changed and what to do', () => {
    const { reason, message } = failed(planStrReplace('alpha\nbeta\n', 'gamma', 'x', lf, 'src/a.ts'));
    assert.strictEqual(reason, 'no_match');
    assert.match(message, /old_str was not found in src\/a\.ts\. Nothing was changed\..*View the file/);
  });

  it('points at a match that differs only in indentation, with the exact text', () => {
    const file = 'function f() {\n\tif (x) {\n\t\treturn 1;\n\t}\n}\n';
    const { message } = failed(planStrReplace(file, 'if (x) {\n    return 1;\n}', 'y', lf));
    assert.match(message, /matches at line 2 if indentation and trailing spaces are ignored/);
    assert.match(message, / {5}2\t\tif \(x\) \{\n {5}3\t\t\treturn 1;/);
  });

  it('says when old_str carries the line numbers of a view', () => {
    const { message } = failed(planStrReplace('a\nb\n', '     1\ta\n     2\tb', 'x', lf));
    assert.match(message, /line numbers that view shows/);
  });

  it('refuses several matches with their count and line numbers', () => {
    const { reason, message } = failed(planStrReplace('x = 1\ny = 2\nx = 1\n\nx = 1\n', 'x = 1', 'x = 3', lf));
    assert.strictEqual(reason, 'multiple_matches');
    assert.match(message, /occurs 3 times .* starting at lines 1, 3, 5\. Nothing was changed\. Include enough surrounding lines/);
  });

  it('counts overlapping matches as ambiguous too', () => {
    assert.match(failed(planStrReplace('aaa', 'aa', 'b', lf)).message, /occurs 2 times/);
  });

  it('lists at most ten line numbers', () => {
    const { message } = failed(planStrReplace('x\n'.repeat(14), 'x', 'y', lf));
    assert.match(message, /lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, and 4 more/);
  });

  it('refuses an edit that changes nothing, and an empty old_str', () => {
    assert.strictEqual(failed(planStrReplace('a\n', 'a', 'a', lf)).reason, 'no_change');
    assert.strictEqual(failed(planStrReplace('a\n', '', 'b', lf)).reason, 'no_match');
  });

  it('keeps CRLF: the model matches \\n text and new lines get CRLF', () => {
    const file = 'one\r\ntwo\r\nthree\r\n';
    const plan = planned(planStrReplace(file, 'two\nthree', 'two\nand a half\nthree', lf));
    assert.strictEqual(plan.after, 'one\r\ntwo\r\nand a half\r\nthree\r\n');
    assert.strictEqual(plan.proposalLf, 'one\ntwo\nand a half\nthree\n');
    assert.strictEqual(applyEdit(plan), plan.after);
  });

  it('never splits a CRLF when old_str ends at a line end', () => {
    const plan = planned(planStrReplace('a\r\nb\r\n', 'a', 'A', lf));
    assert.strictEqual(plan.after, 'A\r\nb\r\n');
    const joined = planned(planStrReplace('a\r\nb\r\n', 'a\nb', 'ab', lf));
    assert.strictEqual(joined.after, 'ab\r\n');
  });

  it('keeps mixed line endings: each line keeps its own, new lines follow their neighbours', () => {
    const file = 'lf1\nlf2\ncr1\r\ncr2\r\nend';
    const plan = planned(planStrReplace(file, 'cr1\ncr2', 'cr1\nnew\ncr2', lf));
    assert.strictEqual(plan.after, 'lf1\nlf2\ncr1\r\nnew\r\ncr2\r\nend');
    const inLfPart = planned(planStrReplace(file, 'lf1', 'lf1\nadded', lf));
    assert.strictEqual(inLfPart.after, 'lf1\nadded\nlf2\ncr1\r\ncr2\r\nend');
  });

  it('keeps lone CR endings', () => {
    const plan = planned(planStrReplace('a\rb\rc\r', 'b', 'b\nb2', lf));
    assert.strictEqual(plan.after, 'a\rb\rb2\rc\r');
  });

  it('keeps the final newline, and its absence, when an edit reaches the end', () => {
    assert.strictEqual(planned(planStrReplace('a\nlast\n', 'last\n', 'end', lf)).after, 'a\nend\n');
    assert.strictEqual(planned(planStrReplace('a\r\nlast\r\n', 'last\n', 'end', lf)).after, 'a\r\nend\r\n');
    assert.strictEqual(planned(planStrReplace('a\nlast', 'last', 'end\n', lf)).after, 'a\nend');
    assert.strictEqual(planned(planStrReplace('a\nlast', 'last', 'end\nmore', lf)).after, 'a\nend\nmore');
    // Deleting everything leaves an empty file, not a lone newline.
    assert.strictEqual(planned(planStrReplace('only\n', 'only\n', '', lf)).after, '');
  });

  it('a file without any line break takes the editor\'s default ending', () => {
    assert.strictEqual(planned(planStrReplace('one line', 'one', 'first\nsecond', crlf)).after, 'first\r\nsecond line');
    assert.strictEqual(planned(planStrReplace('one line', 'one', 'first\nsecond', lf)).after, 'first\nsecond line');
  });

  it('keeps a BOM and everything else outside the match', () => {
    const file = '\uFEFFhead\r\n\tbody  \r\ntail';
    const plan = planned(planStrReplace(file, 'body', 'BODY', lf));
    assert.strictEqual(plan.after, '\uFEFFhead\r\n\tBODY  \r\ntail');
    assert.deepStrictEqual(plan.edit, { start: file.indexOf('body'), end: file.indexOf('body') + 4, text: 'BODY' });
  });

  it('deletes old_str when new_str is empty', () => {
    assert.strictEqual(planned(planStrReplace('a\nb\nc\n', 'b\n', '', lf)).after, 'a\nc\n');
  });
});

describe('insert planning', () => {
  const file = 'one\ntwo\nthree\n';

  it('inserts after the given line, 0 being the top', () => {
    assert.strictEqual(planned(planInsert(file, 0, 'zero', lf)).after, 'zero\none\ntwo\nthree\n');
    assert.strictEqual(planned(planInsert(file, 1, 'one and a half', lf)).after, 'one\none and a half\ntwo\nthree\n');
    assert.strictEqual(planned(planInsert(file, 3, 'four', lf)).after, 'one\ntwo\nthree\nfour\n');
  });

  it('treats a final \\n of insert_text as the end of its last line, not an extra blank line', () => {
    assert.strictEqual(planned(planInsert(file, 1, 'x\ny\n', lf)).after, 'one\nx\ny\ntwo\nthree\n');
    assert.strictEqual(planned(planInsert(file, 1, 'x\n\n', lf)).after, 'one\nx\n\ntwo\nthree\n');
  });

  it('refuses a line past the end, naming the range', () => {
    const { reason, message } = failed(planInsert(file, 4, 'x', lf, 'a.txt'));
    assert.strictEqual(reason, 'bad_line');
    assert.match(message, /insert_line 4 is past the end of a\.txt, which has 3 lines\. Use a number from 0 to 3\./);
  });

  it('keeps a missing final newline when inserting after the last line', () => {
    assert.strictEqual(planned(planInsert('one\ntwo', 2, 'three', lf)).after, 'one\ntwo\nthree');
    assert.strictEqual(planned(planInsert('one\ntwo', 2, 'three\n', lf)).after, 'one\ntwo\nthree');
  });

  it('writes CRLF into a CRLF file', () => {
    const plan = planned(planInsert('a\r\nb\r\n', 1, 'x\ny', lf));
    assert.strictEqual(plan.after, 'a\r\nx\r\ny\r\nb\r\n');
    assert.deepStrictEqual(plan.lines, { start: 2, end: 3 });
  });

  it('fills an empty file', () => {
    assert.strictEqual(planned(planInsert('', 0, 'hello\n', lf)).after, 'hello\n');
    assert.strictEqual(failed(planInsert('', 1, 'x', lf)).reason, 'bad_line');
  });
});

describe('create planning', () => {
  it('writes the model\'s text with the editor\'s default ending', () => {
    assert.strictEqual(planCreate('a\nb\n', crlf).after, 'a\r\nb\r\n');
    assert.strictEqual(planCreate('a\nb\n', lf).after, 'a\nb\n');
    assert.strictEqual(planCreate('', lf).after, '');
    const plan = planCreate('x', lf);
    assert.strictEqual(plan.before, '');
    assert.deepStrictEqual(plan.edit, { start: 0, end: 0, text: 'x' });
  });
});

describe('the smallest edit', () => {
  it('trims what both texts share, without splitting CRLF or surrogate pairs', () => {
    assert.deepStrictEqual(minimalEdit('abc', 'abc'), { start: 3, end: 3, text: '' });
    assert.deepStrictEqual(minimalEdit('abXcd', 'abYcd'), { start: 2, end: 3, text: 'Y' });
    assert.deepStrictEqual(minimalEdit('a\r\nb', 'a\nb'), { start: 1, end: 3, text: '\n' });
    const smile = '\u{1F600}';
    const frown = '\u{1F641}';
    const edit = minimalEdit(`x${smile}y`, `x${frown}y`);
    assert.strictEqual(edit.text, frown);
    assert.strictEqual(edit.start, 1);
  });

  it('always reproduces the target', () => {
    const samples = ['', 'a', 'a\r\n', '\r\n\r\n', 'ab\r\ncd\r\n', 'x\u{1F600}', '\u{1F600}\u{1F600}', 'aaa', 'a\rb'];
    for (const before of samples) {
      for (const after of samples) {
        const edit = minimalEdit(before, after);
        assert.strictEqual(before.slice(0, edit.start) + edit.text + before.slice(edit.end), after, `${JSON.stringify(before)} → ${JSON.stringify(after)}`);
      }
    }
  });
});

describe('settling a reviewed proposal', () => {
  const file = 'function greet(name) {\r\n  return "hi " + name;\r\n}\r\n';

  it('lands the user\'s tweaked text, not the model\'s draft, and tells the model the difference', () => {
    const plan = planned(planStrReplace(file, 'return "hi " + name;', 'return `hello ${name}`;', lf));
    // The user edited the proposal side of the diff before accepting.
    const accepted = plan.after.replace('`hello ${name}`', '`Hello, ${name}!`');
    const settled = settleAccepted(plan, accepted, 'src/greet.js');
    assert.strictEqual(settled.finalText, accepted);
    assert.notStrictEqual(settled.finalText, plan.after);
    assert.strictEqual(plan.before.slice(0, settled.edit.start) + settled.edit.text + plan.before.slice(settled.edit.end), accepted);
    assert.ok(settled.userChanges);
    assert.match(settled.userChanges, /--- src\/greet\.js \(your proposal\)\n\+\+\+ src\/greet\.js \(accepted by the user\)/);
    assert.match(settled.userChanges, /^- {2}return `hello \$\{name\}`;$/m);
    assert.match(settled.userChanges, /^\+ {2}return `Hello, \$\{name\}!`;$/m);
    assert.ok(!settled.userChanges.includes('\r'), 'the model sees the diff with \\n endings');
  });

  it('reports no change when the user accepted the proposal as it was', () => {
    const plan = planned(planStrReplace(file, 'hi', 'hey', lf));
    const settled = settleAccepted(plan, plan.after, 'src/greet.js');
    assert.strictEqual(settled.userChanges, undefined);
    assert.strictEqual(settled.finalText, plan.after);
  });
});

describe('model text', () => {
  it('maps offsets back without splitting line endings', () => {
    const text = new ModelText('a\r\nb\rc\nd');
    assert.strictEqual(text.lf, 'a\nb\nc\nd');
    assert.deepStrictEqual([0, 1, 2, 3, 4, 5, 6, 7].map((offset) => text.toOriginal(offset)), [0, 1, 3, 4, 5, 6, 7, 8]);
    assert.deepStrictEqual(text.summary(), { dominant: '\r\n', mixed: true, finalNewline: false });
  });
});

/** The offset in `original` of an offset in its \n view, walked one character at a time. */
function originalOffset(original: string, lfOffset: number): number {
  let index = 0;
  for (let seen = 0; seen < lfOffset; seen++) index += original.startsWith('\r\n', index) ? 2 : 1;
  return index;
}

describe('form preservation over many generated files', () => {
  it('changes nothing outside the match, and writes new lines with one of the file\'s endings', () => {
    let seed = 11;
    const next = (limit: number): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % limit;
    const pieces = ['a', 'b', 'c', ' ', '\t', 'é', '\n', '\r\n', '\r'];
    let checked = 0;
    for (let run = 0; run < 3000; run++) {
      const original = Array.from({ length: 1 + next(30) }, () => pieces[next(pieces.length)]).join('');
      const view = new ModelText(original);
      const start = next(view.lf.length);
      const oldStr = view.lf.slice(start, start + 1 + next(6));
      const newStr = Array.from({ length: next(8) }, () => ['x', 'y', '\n'][next(3)]).join('');
      const outcome = planStrReplace(original, oldStr, newStr, lf);
      if (!outcome.ok) continue;
      checked++;
      const { after } = outcome.plan;
      const at = view.lf.indexOf(oldStr);
      const from = originalOffset(original, at);
      const to = originalOffset(original, at + oldStr.length);
      const context = JSON.stringify({ original, oldStr, newStr, after });
      assert.ok(after.startsWith(original.slice(0, from)), context);
      assert.ok(after.endsWith(original.slice(to)), context);
      const written = after.slice(from, after.length - (original.length - to));
      const endings = new Set(written.match(/\r\n|\r|\n/g) ?? []);
      assert.ok(endings.size <= 1, context);
      const fileEndings = new Set(original.match(/\r\n|\r|\n/g) ?? ['\n']);
      for (const ending of endings) assert.ok(fileEndings.has(ending), context);
      // What was written reads as the model's new_str, give or take the file's final newline.
      const writtenLf = new ModelText(written).lf;
      assert.ok(writtenLf === newStr || writtenLf === `${newStr}\n` || `${writtenLf}\n` === newStr, context);
      assert.strictEqual(applyEdit(outcome.plan), after);
    }
    assert.ok(checked > 1000, `only ${checked} generated edits were unique matches`);
  });
});
