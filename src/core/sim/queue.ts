// The per-device pending-error queue: 4 slots indexed by u8 counters modulo 4,
// the newest event dropped when full, reads in FIFO order, and a clear that
// zeroes everything (what the last close does).

export const ZPCI_ERR_PENDING_MAX = 4;

export class PendingQueue<T> {
  private slots: (T | undefined)[] = new Array(ZPCI_ERR_PENDING_MAX).fill(undefined);
  private countValue = 0;
  /** u8 counters: they wrap at 256, harmlessly since 256 is a multiple of 4. */
  private head = 0;
  private tail = 0;

  get count(): number {
    return this.countValue;
  }

  /** Stores at tail; false (the new item dropped) when the queue is full. */
  push(item: T): boolean {
    if (this.countValue >= ZPCI_ERR_PENDING_MAX) return false;
    this.slots[this.tail % ZPCI_ERR_PENDING_MAX] = item;
    this.tail = (this.tail + 1) & 0xff;
    this.countValue++;
    return true;
  }

  /** The oldest item, or undefined when empty. */
  shift(): T | undefined {
    if (this.countValue === 0) return undefined;
    const item = this.slots[this.head % ZPCI_ERR_PENDING_MAX];
    this.head = (this.head + 1) & 0xff;
    this.countValue--;
    return item;
  }

  /** Items oldest first, without removing them. */
  peekAll(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.countValue; i++)
      out.push(this.slots[(this.head + i) % ZPCI_ERR_PENDING_MAX] as T);
    return out;
  }

  clear(): void {
    this.slots = new Array(ZPCI_ERR_PENDING_MAX).fill(undefined);
    this.countValue = 0;
    this.head = 0;
    this.tail = 0;
  }
}
