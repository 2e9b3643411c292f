import { completeOpenclawInstall } from "../src/paths.js";

/** OpenClaw's first start completes its install; it must happen once, before any test starts one. */
export default function setup(): void {
  completeOpenclawInstall();
}
