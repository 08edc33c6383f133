/** The run-wide retry budget: every retry of every request of a run spends one unit. */
export class RetryBudget {
  private used = 0;

  constructor(private readonly total: number) {}

  /** Retries spent so far. */
  get spent(): number {
    return this.used;
  }

  /** Spends one retry; false when the budget is exhausted (and nothing was spent). */
  take(): boolean {
    if (this.used >= this.total) return false;
    this.used++;
    return true;
  }
}
