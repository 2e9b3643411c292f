/**
 * Kimi K2.6 inference-compat plugin. Placeholder entry: the hook behaviour (exec split, tool-schema
 * normalisation, reasoning strip) is implemented in the plugin issue; registration shape is already final.
 */
const plugin = {
  id: "kimi-inference-compat",
  name: "Kimi K2.6 inference compat",
  description: "Exec split, tool-schema normalisation and reasoning strip for Kimi K2.6 on inference.local.",
  register(): void {},
};

export default plugin;
