// Which reported CWEs count as finding a labelled CWE. Only closely related weaknesses are grouped, and
// each group says why; a benchmark label outside every group must be matched exactly.

/** Groups of CWEs that name the same underlying mistake at different levels of the CWE hierarchy. */
export const CWE_EQUIVALENCE_GROUPS: { cwes: number[]; why: string }[] = [
  { cwes: [327, 328], why: 'broken or risky crypto algorithm (327) vs. weak hash (328): both flag MD5/SHA-1/DES use' },
  { cwes: [330, 338, 335], why: 'insufficient randomness (330), weak PRNG (338) and PRNG seeding (335) flag the same rand()/random calls' },
  { cwes: [120, 121, 122, 119, 787, 676, 242], why: 'unsafe C string/memory functions: classic overflow (120), stack/heap overflow (121/122), bounds (119), out-of-bounds write (787), dangerous function (676), gets (242)' },
  { cwes: [680, 190, 131], why: 'integer overflow in a size computation that leads to a buffer overflow (680 = 190 → 131)' },
  { cwes: [94, 95], why: 'code injection (94) and its eval-specific child (95)' },
  { cwes: [77, 78], why: 'command injection (77) and OS command injection (78)' },
  { cwes: [22, 23, 36, 73], why: 'path traversal and external control of file names' },
  { cwes: [798, 259, 321], why: 'hard-coded credentials (798), passwords (259) and keys (321)' },
  { cwes: [759, 760, 916], why: 'password hashing without salt (759/760) or with too little effort (916)' },
  { cwes: [79, 80], why: 'cross-site scripting and its basic form' },
];

const EQUIVALENT = new Map<number, Set<number>>();
for (const group of CWE_EQUIVALENCE_GROUPS) {
  for (const cwe of group.cwes) {
    const set = EQUIVALENT.get(cwe) ?? new Set([cwe]);
    for (const other of group.cwes) set.add(other);
    EQUIVALENT.set(cwe, set);
  }
}

export function cweNumber(cwe: string): number {
  return Number(/\d+/.exec(cwe)?.[0] ?? NaN);
}

/** True when a finding tagged `reported` counts for the benchmark label `labelled`. */
export function cweMatches(labelled: string, reported: string): boolean {
  const want = cweNumber(labelled);
  const got = cweNumber(reported);
  if (want === got) return true;
  return EQUIVALENT.get(want)?.has(got) ?? false;
}
