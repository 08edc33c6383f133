/**
 * A set that remembers only the most recent `capacity` ids. Within one window the server's order
 * is stable, so a record paging shows twice (the data shifted by a few rows between two pages)
 * reappears within the next page; remembering two pages of ids catches it while memory stays
 * bounded by the page size, not by the window's size.
 */
export class RecentIds {
  private readonly ids = new Set<string>();
  private readonly order: string[] = [];
  private head = 0;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.ids.size;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Adds an id, forgetting the oldest when full; returns how the size changed (+1 or 0). */
  add(id: string): number {
    if (this.ids.has(id)) return 0;
    this.ids.add(id);
    this.order.push(id);
    if (this.ids.size <= this.capacity) return 1;
    const oldest = this.order[this.head++]!;
    this.ids.delete(oldest);
    if (this.head > 4096 && this.head * 2 > this.order.length) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
    return 0;
  }
}
