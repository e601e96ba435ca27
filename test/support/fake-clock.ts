import type { Clock } from "../../src/ports.js";

/** A clock that moves only when the test says so. */
export class FakeClock implements Clock {
  #now: number;

  constructor(start = "2026-11-23T10:00:00.000Z") {
    this.#now = Date.parse(start);
  }

  now(): Date {
    return new Date(this.#now);
  }

  advance(ms: number): void {
    this.#now += ms;
  }

  set(iso: string): void {
    this.#now = Date.parse(iso);
  }
}
