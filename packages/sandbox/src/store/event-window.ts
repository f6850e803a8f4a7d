/**
 * The window of recent store events that lets a watch resume from a resourceVersion, like the
 * apiserver's watch cache: older resourceVersions get 410 Expired.
 */
import { ApiError } from '../machinery/errors.js';
import type { ResourceType, StoreEvent } from './types.js';

interface Entry {
  rv: number;
  event: StoreEvent;
}

/** A bounded ring of events ordered by resourceVersion. */
export class EventWindow {
  private readonly entries: Entry[] = [];
  private head = 0;
  /** Oldest resourceVersion from which a resume is still exact (all later events are kept). */
  private floor: number;

  constructor(
    private readonly capacity: number,
    startRv: number,
  ) {
    this.floor = startRv;
  }

  push(rv: number, event: StoreEvent): void {
    this.entries.push({ rv, event });
    if (this.entries.length - this.head > this.capacity) {
      this.floor = this.entries[this.head]!.rv;
      this.head++;
      if (this.head > 4096 && this.head * 2 > this.entries.length) {
        this.entries.splice(0, this.head);
        this.head = 0;
      }
    }
  }

  /** Resets after a restore: nothing before `rv` can be resumed. */
  reset(rv: number): void {
    this.entries.length = 0;
    this.head = 0;
    this.floor = rv;
  }

  /** Events with resourceVersion > `rv`, optionally of one type and namespace. Throws 410 Expired when `rv` is too old. */
  since(rv: number, current: number, type?: ResourceType, namespace?: string): StoreEvent[] {
    if (rv < this.floor) throw ApiError.tooOldResourceVersion(rv, this.floor);
    if (rv > current) return [];
    // Binary search for the first entry with entry.rv > rv.
    let lo = this.head;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    const out: StoreEvent[] = [];
    for (let i = lo; i < this.entries.length; i++) {
      const e = this.entries[i]!.event;
      if (type && (e.resource.group !== type.group || e.resource.resource !== type.resource)) continue;
      if (namespace && e.object.metadata.namespace !== namespace) continue;
      out.push(e);
    }
    return out;
  }
}
