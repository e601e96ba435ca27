import { describe, expect, it } from "vitest";
import { FakeClock } from "../../test/support/fake-clock.js";
import { IntegrationError, type IntegrationErrorType } from "../domain/errors.js";
import { outboundConfigSchema } from "./config.js";
import { Destination } from "./destination.js";

// The breaker's half-open wait follows the injected clock (not Date.now), so a fake clock drives it.
const clock = new FakeClock();
function advance(ms: number) {
  clock.advance(ms);
}

const config = outboundConfigSchema.parse({ inProcess: { baseDelay: "1ms", maxWait: "1s" } });

function failure(errorType: IntegrationErrorType, retryAt: Date | null = null) {
  return new IntegrationError({
    service: "fake",
    operation: "send",
    errorType,
    message: `fake ${errorType}`,
    retryAt,
  });
}

function destination(options: { savedState?: string; timeoutMs?: number } = {}) {
  const states: string[] = [];
  const made = new Destination({
    name: "fake",
    timeoutMs: options.timeoutMs ?? 1000,
    config,
    mapError: () => failure("validation"),
    clock,
    random: () => 0.5,
    savedState: options.savedState,
    onStateChange: (state) => states.push(state),
  });
  return { destination: made, states };
}

describe("Destination", () => {
  it("retries a retryable failure in process, at most three attempts, then throws it", async () => {
    const { destination: d } = destination();
    let calls = 0;
    const error = await d
      .call("send", async () => {
        calls += 1;
        throw failure("server");
      })
      .catch((e: unknown) => e);
    expect(calls).toBe(3);
    expect(error).toBeInstanceOf(IntegrationError);
    expect((error as IntegrationError).errorType).toBe("server");
    expect(d.stats.snapshot()).toMatchObject({ attempts: 3, retries: 2, failures: 1 });
  });

  it("does not retry what retrying cannot fix, and such errors do not open the breaker", async () => {
    const { destination: d } = destination();
    let calls = 0;
    for (let i = 0; i < 6; i++) {
      await d
        .call("send", async () => {
          calls += 1;
          throw failure("validation");
        })
        .catch(() => undefined);
    }
    expect(calls).toBe(6);
    expect(d.breakerOpen).toBe(false);
    expect(d.stats.snapshot().failuresByType).toEqual({ validation: 6 });
  });

  it("maps an SDK error with the destination's mapper, and a hung call to a timeout", async () => {
    const { destination: d } = destination({ timeoutMs: 30 });
    const hung = await d
      .call(
        "send",
        (signal) => new Promise((_, reject) => signal.addEventListener("abort", reject)),
      )
      .catch((e: unknown) => e);
    expect((hung as IntegrationError).errorType).toBe("timeout");
    const mapped = await d
      .call("send", async () => {
        throw new Error("sdk says no");
      })
      .catch((e: unknown) => e);
    expect((mapped as IntegrationError).errorType).toBe("validation");
  });

  it("opens after 5 consecutive failed attempts, stops calling, probes once after 10 s, closes on success", async () => {
    const { destination: d, states } = destination();
    let calls = 0;
    const down = async () => {
      calls += 1;
      throw failure("server");
    };
    await d.call("send", down).catch(() => undefined); // attempts 1-3
    const second = await d.call("send", down).catch((e: unknown) => e); // 4, 5, then refused
    expect(calls).toBe(5);
    expect(d.breakerOpen).toBe(true);
    // It reached the destination, so it reports the destination's error, due when the probe is.
    expect((second as IntegrationError).errorType).toBe("server");
    expect((second as IntegrationError).retryAt).toEqual(new Date(clock.now().getTime() + 10_000));
    const refused = await d.call("send", down).catch((e: unknown) => e);
    expect(calls).toBe(5); // open: nothing reaches the destination
    expect((refused as IntegrationError).code).toBe("breaker-open");
    advance(9_999);
    await d.call("send", down).catch(() => undefined);
    expect(calls).toBe(5);
    advance(1);
    expect(await d.call("send", async () => "ok")).toBe("ok");
    expect(d.breakerOpen).toBe(false);
    expect(d.stats.snapshot().breaker).toBe("closed");
    expect(states.length).toBeGreaterThanOrEqual(3); // open, half-open, closed
  });

  it("doubles the half-open wait after a failed probe", async () => {
    const { destination: d } = destination();
    const down = async () => {
      throw failure("network");
    };
    for (let i = 0; i < 2; i++) await d.call("send", down).catch(() => undefined);
    advance(10_000);
    let probes = 0;
    const probe = await d
      .call("send", async () => {
        probes += 1;
        throw failure("network");
      })
      .catch((e: unknown) => e);
    // One probe reaches the destination; its failure re-opens the breaker for twice as long.
    expect(probes).toBe(1);
    expect((probe as IntegrationError).errorType).toBe("network");
    expect((probe as IntegrationError).retryAt).toEqual(new Date(clock.now().getTime() + 20_000));
  });

  it("keeps its open state across a restart (persisted state restored)", async () => {
    const { destination: first, states } = destination();
    const down = async () => {
      throw failure("server");
    };
    for (let i = 0; i < 2; i++) await first.call("send", down).catch(() => undefined);
    const { destination: second } = destination({ savedState: states.at(-1) });
    let calls = 0;
    const refused = await second
      .call("send", async () => {
        calls += 1;
        return "ok";
      })
      .catch((e: unknown) => e);
    expect(calls).toBe(0);
    expect((refused as IntegrationError).code).toBe("breaker-open");
    advance(10_000);
    expect(await second.call("send", async () => "ok")).toBe("ok");
  });

  it("hands a long Retry-After to the caller at once instead of waiting in process", async () => {
    const { destination: d } = destination();
    let calls = 0;
    const retryAt = new Date(clock.now().getTime() + 2_000);
    const error = await d
      .call("send", async () => {
        calls += 1;
        throw failure("rate_limit", retryAt);
      })
      .catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect((error as IntegrationError).retryAt).toEqual(retryAt);
  });

  it("runs at most `concurrency` calls at once, queues a bounded number, refuses the rest", async () => {
    const small = outboundConfigSchema.parse({ bulkhead: { concurrency: 2, queue: 1 } });
    const d = new Destination({
      name: "fake",
      timeoutMs: 1000,
      config: small,
      mapError: () => failure("validation"),
      clock,
      random: () => 0.5,
    });
    let running = 0;
    let peak = 0;
    const release: Array<() => void> = [];
    const slow = () =>
      new Promise<string>((resolve) => {
        running += 1;
        peak = Math.max(peak, running);
        release.push(() => {
          running -= 1;
          resolve("ok");
        });
      });
    const calls = Array.from({ length: 5 }, () => d.call("send", slow).catch((e: unknown) => e));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(running).toBe(2);
    while (release.length > 0) {
      release.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const results = await Promise.all(calls);
    expect(peak).toBe(2);
    expect(results.filter((r) => r === "ok")).toHaveLength(3);
    const refused = results.filter((r) => r instanceof IntegrationError) as IntegrationError[];
    expect(refused.map((e) => e.errorType)).toEqual(["server", "server"]);
  });
});
