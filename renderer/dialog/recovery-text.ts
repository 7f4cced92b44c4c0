import type { RecoveryProgress } from '../../src/app/contract.ts';

/** "Recovering 3 unfinished episodes… 1/3" while it runs; what happened once it is done. */
export function recoveryHeadline(p: RecoveryProgress): string {
  const n = Math.max(p.total, p.lines.length);
  const episodes = `${n} unfinished episode${n === 1 ? '' : 's'}`;
  if (p.active) return `Recovering ${episodes}… ${p.done}/${p.total}`;
  return `Crash recovery looked at ${episodes}:`;
}

/** 0..1 for the bar; an unknown total reads as "just started". */
export function recoveryFraction(p: RecoveryProgress): number {
  if (p.total <= 0) return 0;
  return Math.min(1, Math.max(0, p.done / p.total));
}

/** Identifies one finished recovery, so the same summary is not shown twice. */
export function recoveryKey(p: RecoveryProgress): string {
  return JSON.stringify([p.total, p.lines]);
}

/** Whether the dialog has anything to say: the work in progress, or an unread summary. */
export function recoveryWanted(p: RecoveryProgress, acknowledged: ReadonlySet<string>): boolean {
  if (p.active) return true;
  return p.lines.length > 0 && !acknowledged.has(recoveryKey(p));
}
