/**
 * The progress of everything queued since the queue was last empty: what the taskbar or dock shows
 * during a sweep. Each job weighs the same; a running job counts by its own fraction.
 */
export class QueueProgress {
  private readonly running = new Map<string, number>();
  private finished = 0;

  started(jobId: string): void {
    this.running.set(jobId, 0);
  }

  progressed(jobId: string, fraction: number): void {
    if (this.running.has(jobId)) this.running.set(jobId, Math.min(1, Math.max(0, fraction)));
  }

  ended(jobId: string): void {
    if (!this.running.delete(jobId)) return;
    this.finished++;
    if (this.running.size === 0) this.finished = 0; // idle: the next job starts a new count
  }

  /** 0..1 while jobs are queued or running; null when idle. */
  get fraction(): number | null {
    const total = this.finished + this.running.size;
    if (this.running.size === 0) return null;
    let done = this.finished;
    for (const fraction of this.running.values()) done += fraction;
    return done / total;
  }
}
