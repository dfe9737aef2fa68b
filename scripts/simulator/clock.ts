/**
 * The simulated time. It starts at the run's time and moves forward only by the waits the
 * workflow requests (Wait states and retry delays), which cost no real time.
 */
export class VirtualClock {
  private millis: number;

  constructor(start: Date) {
    this.millis = start.getTime();
  }

  /** Current time in milliseconds since the epoch. */
  nowMillis(): number {
    return this.millis;
  }

  /** Current time as an ISO 8601 timestamp with milliseconds, as Step Functions writes it. */
  nowIso(): string {
    return new Date(this.millis).toISOString();
  }

  /** Sets the clock, at the start of a run. */
  set(time: Date): void {
    this.millis = time.getTime();
  }

  /** Moves the clock forward. */
  advanceSeconds(seconds: number): void {
    this.millis += Math.round(seconds * 1000);
  }
}
