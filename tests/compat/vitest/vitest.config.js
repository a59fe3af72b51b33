// Nothing package-specific: the default configuration, environments chosen per file.
import { defineConfig } from "vitest/config";

export default defineConfig({ test: { include: ["test/**/*.test.js"], testTimeout: 30_000 } });
