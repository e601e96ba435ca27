import { describe, expect, it } from "vitest";
import { newNotifyRuntime, oneAtATime } from "./jobs.js";

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("pipeline/notify/jobs: oneAtATime", () => {
  it("runs work of one key one after the other, other keys alongside", async () => {
    const runtime = newNotifyRuntime();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      await tick();
      log.push(`${name} end`);
    };
    await Promise.all([
      oneAtATime(runtime, "g", job("a")),
      oneAtATime(runtime, "g", job("b")),
      oneAtATime(runtime, "h", job("c")),
    ]);
    expect(log.indexOf("b start")).toBeGreaterThan(log.indexOf("a end"));
    expect(log.indexOf("c start")).toBeLessThan(log.indexOf("a end"));
    await tick();
    expect(runtime.running.size).toBe(0);
  });

  it("a failure reaches its caller only, and the next work still runs", async () => {
    const runtime = newNotifyRuntime();
    const failing = oneAtATime(runtime, "g", async () => {
      throw new Error("smtp down");
    });
    let ran = false;
    const next = oneAtATime(runtime, "g", async () => {
      ran = true;
    });
    await expect(failing).rejects.toThrow("smtp down");
    await next;
    expect(ran).toBe(true);
  });
});
