import { describe, expect, it } from 'vitest';
import { heapGrowthFlag } from './heap-growth.js';

describe('heapGrowthFlag', () => {
  it('caps heap growth at the configured percentage', () => {
    expect(heapGrowthFlag(25, '')).toBe('--heap-growing-percent=25');
    expect(heapGrowthFlag(40, '--enable-source-maps --max-semi-space-size=2')).toBe(
      '--heap-growing-percent=40',
    );
  });

  it("leaves V8's own growth when the setting is 0", () => {
    expect(heapGrowthFlag(0, '')).toBeNull();
  });

  it("keeps an operator's own flag, given in either spelling", () => {
    expect(heapGrowthFlag(25, ' --heap-growing-percent=50')).toBeNull();
    expect(heapGrowthFlag(25, '--max-semi-space-size=2 --heap_growing_percent=10')).toBeNull();
  });
});
