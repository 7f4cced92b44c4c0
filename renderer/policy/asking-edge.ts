/**
 * When to beep: on each rise of `asking`, but not again within `quietMs` of the last beep,
 * so a doubt that flickers around the threshold does not become a buzzer.
 */
export class AskingEdge {
  private was = false;
  private lastBeep = -Infinity;

  constructor(private readonly quietMs = 3000) {}

  /** True when this update should sound the alert. `now` in ms. */
  update(asking: boolean, now: number): boolean {
    const rose = asking && !this.was;
    this.was = asking;
    if (!rose || now - this.lastBeep < this.quietMs) return false;
    this.lastBeep = now;
    return true;
  }
}
