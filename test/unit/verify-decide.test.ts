// The error rate's 95% Wilson interval and the decision against the threshold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, formatInterval, formatPercent, wilsonInterval } from '../../src/core/verify/decide';

const close = (a: number, b: number, eps = 5e-5) => assert.ok(Math.abs(a - b) < eps, `${a} ≉ ${b}`);

test('Wilson interval: published values (Newcombe 1998, and 5 of 150 from the issue)', () => {
  // Newcombe (1998), Table I, method 3 (score without continuity correction): 81/263 → 0.2553–0.3662; 15/148 → 0.0624–0.1605.
  const [a, b] = wilsonInterval(81, 263)!;
  close(a, 0.2553);
  close(b, 0.3662);
  const [c, d] = wilsonInterval(15, 148)!;
  close(c, 0.0624);
  close(d, 0.1605);
  // 0/20 → 0–0.1611 and 1/29 → 0.0061–0.1718 from the same table.
  const [e, f] = wilsonInterval(0, 20)!;
  assert.equal(e, 0);
  close(f, 0.1611);
  const [g, h] = wilsonInterval(1, 29)!;
  close(g, 0.0061);
  close(h, 0.1718);
  const [lo, hi] = wilsonInterval(5, 150)!;
  close(lo, 0.0143);
  close(hi, 0.0757);
});

test('Wilson interval: the ends are exact; nothing for n = 0 or impossible counts', () => {
  assert.deepEqual(wilsonInterval(0, 10)!.map((x) => Math.round(x * 1e4) / 1e4), [0, 0.2775]);
  assert.equal(wilsonInterval(10, 10)![1], 1);
  assert.equal(wilsonInterval(0, 0), null);
  assert.equal(wilsonInterval(3, 2), null);
  assert.equal(wilsonInterval(-1, 2), null);
});

test('percent and interval text: one decimal under 10%, the interval rounded outward', () => {
  assert.equal(formatPercent(5 / 150), '3.3%');
  assert.equal(formatPercent(0), '0%');
  assert.equal(formatPercent(0.05), '5%');
  assert.equal(formatPercent(0.129), '13%');
  assert.equal(formatInterval(wilsonInterval(5, 150)!), '1.4–7.6%');
  assert.equal(formatInterval([0.0143, 0.0757]), '1.4–7.6%');
  assert.equal(formatInterval([0, 0.2775]), '0–28%');
});

test('decision: below the threshold moves, at or above keeps, too few inputs decide nothing', () => {
  const move = decide({ n: 150, errors: 5, threshold: 0.05, minInputs: 30 });
  assert.equal(move.decision, 'move');
  assert.match(move.text, /3\.3% is below the 5% threshold.*The 95% interval reaches 7\.6%/);
  const exact = decide({ n: 100, errors: 5, threshold: 0.05, minInputs: 30 });
  assert.equal(exact.decision, 'keep', 'an error rate equal to the threshold is not below it');
  assert.equal(decide({ n: 100, errors: 7, threshold: 0.08, minInputs: 30 }).decision, 'move');
  const few = decide({ n: 10, errors: 0, threshold: 0.05, minInputs: 30 });
  assert.equal(few.decision, 'too-few');
  assert.match(few.text, /Only 10 graded inputs: at least 30/);
  const none = decide({ n: 0, errors: 0, threshold: 0.05, minInputs: 1 });
  assert.equal(none.decision, 'too-few');
  assert.equal(none.errorRate, null);
  // A narrow interval says nothing extra.
  assert.doesNotMatch(decide({ n: 2000, errors: 20, threshold: 0.05, minInputs: 30 }).text, /interval reaches/);
});
