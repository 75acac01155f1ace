// Evaluation metrics over scores: AUROC, TPR at a fixed FPR, rates at a threshold, and the
// threshold choice on dev data. Pure functions over number arrays.

/** Area under the ROC curve (probability a positive outranks a negative; ties count half). */
export function auroc(positives: number[], negatives: number[]): number {
  if (positives.length === 0 || negatives.length === 0) return NaN;
  const all = [...positives.map((s) => [s, 1] as const), ...negatives.map((s) => [s, 0] as const)].sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j][0] === all[i][0]) j++;
    const averageRank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if (all[k][1] === 1) rankSum += averageRank;
    i = j;
  }
  return (rankSum - (positives.length * (positives.length + 1)) / 2) / (positives.length * negatives.length);
}

export function rateAtOrAbove(scores: number[], threshold: number): number {
  if (scores.length === 0) return NaN;
  let n = 0;
  for (const s of scores) if (s >= threshold) n++;
  return n / scores.length;
}

/** The lowest threshold whose false-positive rate on `negatives` is at most `fpr`. */
export function thresholdAtFpr(negatives: number[], fpr: number): number {
  const sorted = [...negatives].sort((a, b) => b - a);
  const allowed = Math.floor(fpr * sorted.length);
  // Flag strictly above the (allowed+1)-th highest negative score.
  const boundary = sorted[allowed];
  return boundary === undefined ? 0 : Math.min(1, nextUp(boundary));
}

function nextUp(x: number): number {
  return x + Math.max(1e-12, Math.abs(x) * 1e-9);
}

/** TPR when the threshold is set so that FPR ≤ fpr on the same negatives (an oracle figure). */
export function tprAtFpr(positives: number[], negatives: number[], fpr: number): number {
  return rateAtOrAbove(positives, thresholdAtFpr(negatives, fpr));
}

export function percent(x: number, digits = 1): string {
  return Number.isNaN(x) ? 'n/a' : `${(x * 100).toFixed(digits)}%`;
}

/** p-th percentile (0..100) of samples, nearest-rank. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
