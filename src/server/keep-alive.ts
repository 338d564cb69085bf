/**
 * One timer for every open stream of a kind, rather than one (or two) per connection: at 10,000
 * subscribers per-connection timers were a measurable part of an idle subscription's memory. The
 * members are split in groups visited in turn, so a round of pings is spread over the interval
 * instead of landing as one burst of writes in the middle of an event's fan-out.
 */
const GROUPS = 12;

export class KeepAlive<T> {
  private readonly groups = Array.from({ length: GROUPS }, () => new Set<T>());
  private added = 0;
  private turn = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly visit: (member: T) => void,
  ) {}

  add(member: T): void {
    if (!(this.intervalMs > 0 && Number.isFinite(this.intervalMs))) return;
    this.groups[this.added++ % GROUPS]!.add(member);
    this.timer ??= setInterval(() => this.visitNextGroup(), this.intervalMs / GROUPS).unref();
  }

  delete(member: T): void {
    // Twelve lookups instead of a map from member to group: less memory per idle member.
    for (const group of this.groups) group.delete(member);
    if (this.timer && this.groups.every((group) => group.size === 0)) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private visitNextGroup(): void {
    for (const member of this.groups[this.turn++ % GROUPS]!) this.visit(member);
  }
}
