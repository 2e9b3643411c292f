/**
 * Type-only surface of the OpenClaw provider-plugin hooks used by intervention plugins. Import with
 * `import type`: this module has no runtime code.
 */
export type * from "./messages.js";
export type * from "./provider.js";
