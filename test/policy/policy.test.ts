import { describe, expect, it } from 'vitest';
import { loadPolicy, parsePolicy, policyClassIds, refusalFor, renderPolicy } from '../../src/policy/index.js';

describe('cybersafety policy', () => {
  const policy = loadPolicy();

  it('has the three disallowed and four allowed classes, each with examples', () => {
    expect(policy.disallowed.map((c) => c.name)).toEqual([
      'Functional malicious code or tools',
      'Knowingly vulnerable code on request',
      'Step-by-step actionable attack instructions',
    ]);
    expect(policy.allowed.map((c) => c.id)).toEqual(['A1', 'A2', 'A3', 'A4']);
    for (const c of [...policy.disallowed, ...policy.allowed]) expect(c.examples.length).toBeGreaterThan(1);
    expect(policyClassIds(policy)).toHaveLength(7);
  });

  it('renders a rubric naming every class and verdict', () => {
    const text = renderPolicy(policy);
    for (const id of policyClassIds(policy)) expect(text).toContain(`- ${id} `);
    expect(text).toMatch(/safe_complete:/);
  });

  it('refuses briefly with a safe alternative, specific to the cited class', () => {
    expect(refusalFor(policy, ['D2'])).toMatch(/insecure on purpose.*secure version/s);
    expect(refusalFor(policy, ['A1', 'D1'])).toMatch(/malware/);
    const generic = refusalFor(policy);
    expect(generic).toMatch(/I can explain/);
    expect(generic.length).toBeLessThan(300);
  });

  it('rejects malformed policy data with the offending path', () => {
    expect(() => parsePolicy('id: x\nversion: 1\nsummary: s\nrefusal: r\ndisallowed: []\nallowed: []\n', 'p.yaml')).toThrow(/p\.yaml: disallowed/);
    expect(() => parsePolicy(': : :\n  - [', 'q.yaml')).toThrow(/q\.yaml/);
    const cls = (id: string) => `  - {id: ${id}, name: n, description: d, examples: [e]}`;
    const dup = `id: x\nversion: 1\nsummary: s\nrefusal: r\ndisallowed:\n${cls('D1')}\nallowed:\n${cls('D1')}\nverdicts: {allow: a, refuse: r, safe_complete: s}\n`;
    expect(() => parsePolicy(dup)).toThrow(/D1 is used twice/);
  });
});
