// GRPO utilities: group-relative advantages (mean/std with ε, or Dr. GRPO without std), zero-variance
// group statistics attributed per reward component, DAPO's dynamic-sampling filter, unbiased pass@k.

export interface GroupedReward {
  groupId: string;
  score: number;
  components?: Record<string, number | null>;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample standard deviation (n − 1), as torch.std computes it in GRPO trainers; 0 for one value. */
export function sampleStd(values: number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((acc, v) => acc + (v - m) ** 2, 0) / (values.length - 1));
}

export interface AdvantageOptions {
  /** grpo: (r − mean)/(std + ε) (Shao et al. 2024). drgrpo: r − mean (Liu et al. 2025, no std scaling). */
  method?: 'grpo' | 'drgrpo';
  epsilon?: number;
}

/** Advantages for the rewards of one group. */
export function groupAdvantages(rewards: number[], options: AdvantageOptions = {}): number[] {
  if (rewards.length === 0) return [];
  // A flat group has no signal; say so exactly instead of returning rounding noise.
  if (Math.max(...rewards) === Math.min(...rewards)) return rewards.map(() => 0);
  const m = mean(rewards);
  if (options.method === 'drgrpo') return rewards.map((r) => r - m);
  const scale = sampleStd(rewards) + (options.epsilon ?? 1e-4);
  return rewards.map((r) => (r - m) / scale);
}

export function groupBy<T extends { groupId: string }>(rows: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.groupId);
    if (group) group.push(row);
    else groups.set(row.groupId, [row]);
  }
  return groups;
}

/** Advantages for rows of many groups, in the rows' order. */
export function advantagesByGroup(rows: GroupedReward[], options: AdvantageOptions = {}): number[] {
  const out = new Array<number>(rows.length);
  const indexed = rows.map((row, index) => ({ ...row, index }));
  for (const group of groupBy(indexed).values()) {
    const advantages = groupAdvantages(group.map((r) => r.score), options);
    group.forEach((row, i) => {
      out[row.index] = advantages[i];
    });
  }
  return out;
}

export interface ZeroVarianceStats {
  groups: number;
  /** Groups whose total reward is the same for every sample: their GRPO advantage is 0, no signal. */
  zeroVarianceGroups: number;
  zeroVarianceFraction: number;
  /** Per component: groups in which it does not vary (whatever the total does). */
  constantComponentGroups: Record<string, number>;
  /** Zero-variance groups by what every sample shared, e.g. "functional=0.00" (all failed) or "functional=1.00". */
  causes: Record<string, number>;
}

const flat = (values: number[], tolerance: number) => Math.max(...values) - Math.min(...values) <= tolerance;

/** How many groups carry no learning signal, and which component is flat in them. */
export function zeroVarianceStats(rows: GroupedReward[], tolerance = 1e-9): ZeroVarianceStats {
  const stats: ZeroVarianceStats = { groups: 0, zeroVarianceGroups: 0, zeroVarianceFraction: 0, constantComponentGroups: {}, causes: {} };
  for (const group of groupBy(rows).values()) {
    stats.groups += 1;
    const names = new Set(group.flatMap((r) => Object.keys(r.components ?? {})));
    const constant: string[] = [];
    for (const name of names) {
      const values = group.map((r) => r.components?.[name]).filter((v): v is number => typeof v === 'number');
      if (values.length === group.length && flat(values, tolerance)) {
        stats.constantComponentGroups[name] = (stats.constantComponentGroups[name] ?? 0) + 1;
        constant.push(`${name}=${values[0].toFixed(2)}`);
      }
    }
    if (group.length > 1 && flat(group.map((r) => r.score), tolerance)) {
      stats.zeroVarianceGroups += 1;
      for (const cause of constant.length > 0 ? constant : ['components vary but cancel out']) stats.causes[cause] = (stats.causes[cause] ?? 0) + 1;
    }
  }
  stats.zeroVarianceFraction = stats.groups === 0 ? 0 : stats.zeroVarianceGroups / stats.groups;
  return stats;
}

/**
 * DAPO's dynamic sampling (Yu et al. 2025): keep only groups whose rewards differ (accuracy strictly
 * between 0 and 1 for binary rewards), so every kept group yields a non-zero gradient.
 */
export function dynamicSamplingFilter<T extends GroupedReward>(rows: T[], tolerance = 1e-9): { kept: T[]; droppedGroups: string[] } {
  const kept: T[] = [];
  const droppedGroups: string[] = [];
  for (const [groupId, group] of groupBy(rows)) {
    if (group.length > 1 && !flat(group.map((r) => r.score), tolerance)) kept.push(...group);
    else droppedGroups.push(groupId);
  }
  return { kept, droppedGroups };
}

/** Unbiased pass@k (Chen et al. 2021) from n samples of which c are correct: 1 − C(n−c, k)/C(n, k). */
export function passAtK(n: number, c: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(c) || !Number.isInteger(k) || n < 1 || k < 1 || c < 0 || c > n || k > n) {
    throw new RangeError(`pass@k needs integers 0 ≤ c ≤ n and 1 ≤ k ≤ n; got n=${n}, c=${c}, k=${k}.`);
  }
  if (n - c < k) return 1;
  // The product form avoids the huge binomials: Π_{i=n−c+1..n} (1 − k/i).
  let missAll = 1;
  for (let i = n - c + 1; i <= n; i += 1) missAll *= 1 - k / i;
  return 1 - missAll;
}
