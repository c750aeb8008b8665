import { describe, expect, it } from 'vitest';
import { formatEvaluation } from './formatEvaluation';
import { metricsFromPredictions } from './metricsFromPredictions';

const result = metricsFromPredictions({
  trueLabels: [0, 0, 0, 0, 1, 1, 1, 2, 2, 2],
  predictedLabels: [0, 0, 1, 2, 1, 1, 0, 2, 1, 2],
  losses: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1.5],
  topKHits: [1, 1, 1, 1, 1, 1, 1, 1, 1, 0],
  topK: 2,
  numClasses: 3,
});

describe('formatEvaluation', () => {
  const text = formatEvaluation(result);

  it('shows the summary numbers', () => {
    expect(text).toContain('Evaluation (10 examples)');
    expect(text).toMatch(/accuracy\s+60\.00%/);
    expect(text).toMatch(/loss\s+0\.6000/);
    // F1: class 0 = 4/7, class 1 = 4/7 (tp 2, fp 2, fn 1), class 2 = 2/3 → macro (4/7 + 4/7 + 2/3) / 3
    expect(text).toMatch(new RegExp(`macro-F1\\s+${((4 / 7 + 4 / 7 + 2 / 3) / 3).toFixed(4)}`));
    expect(text).toMatch(/top-2 accuracy\s+90\.00%/);
  });

  it('shows one per-class row with precision, recall, F1 and support', () => {
    expect(text).toMatch(/class\s+precision\s+recall\s+f1\s+support/);
    expect(text).toMatch(/\n {2}0\s+0\.6667\s+0\.5000\s+0\.5714\s+4\n/);
    expect(text).toMatch(/\n {2}1\s+0\.5000\s+0\.6667\s+0\.5714\s+3\n/);
    expect(text).toMatch(/\n {2}2\s+0\.6667\s+0\.6667\s+0\.6667\s+3\n/);
  });

  it('draws the confusion matrix grid', () => {
    expect(text).toContain('Confusion matrix (rows: true class, columns: predicted class)');
    expect(text).toContain('     0 1 2\n  0  2 1 1\n  1  1 2 0\n  2  0 1 2\n');
  });

  it('lists the most confused pairs with their share of the true class', () => {
    expect(text).toMatch(/0 -> 1\s+1 \(25\.00% of class 0\)/);
    expect(text).toMatch(/2 -> 1\s+1 \(33\.33% of class 2\)/);
  });

  it('uses class names when given', () => {
    const named = formatEvaluation(result, { classNames: ['cat', 'dog', 'fox'], digits: 2 });
    expect(named).toMatch(/0 cat\s+0\.67\s+0\.50\s+0\.57\s+4/);
    expect(named).toContain('2 fox -> 1 dog');
  });

  it('is plain text unless color is set', () => {
    expect(text).not.toContain('\u001b[');
    const colored = formatEvaluation(result, { color: true });
    expect(colored).toContain('\u001b[32m');
    const esc = String.fromCharCode(27);
    expect(colored.replace(new RegExp(`${esc}\\[\\d+m`, 'g'), '')).toBe(text);
  });

  it('leaves out loss and top-k when absent', () => {
    const bare = formatEvaluation(
      metricsFromPredictions({ trueLabels: [0, 1], predictedLabels: [0, 1], numClasses: 2 }),
    );
    expect(bare).not.toContain('loss');
    expect(bare).not.toContain('top-');
    expect(bare).not.toContain('Most confused');
  });
});
