#!/usr/bin/env node
import "./jitless.js";
import { runCli } from "./main.js";

// No top-level await: this entry is also bundled as CommonJS (scripts/bundle-cli.mjs).
runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
