/**
 * 娄城信用积分 levels. No public rule table is known (REFERENCE.md): these thresholds are illustrative,
 * and the table is the credit office's to set.
 */
export const POINTS_LEVELS: readonly { minimum: number; level: string }[] = [
  { minimum: 100, level: '优秀' },
  { minimum: 30, level: '良好' },
  { minimum: 0, level: '一般' },
  { minimum: Number.NEGATIVE_INFINITY, level: '较差' },
];

export function pointsLevel(balance: number): string {
  return POINTS_LEVELS.find((entry) => balance >= entry.minimum)!.level;
}
