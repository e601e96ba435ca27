import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    environment: "node",
    env: { TZ: "UTC", PITCREW_LOG_LEVEL: "silent" },
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
