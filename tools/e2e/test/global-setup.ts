import { completeOpenclawInstall } from "../src/paths.ts";

/** OpenClaw's first start completes its install; it must happen once, before any test starts one. */
export default function setup(): void {
  completeOpenclawInstall();
}
