export { createProvider, PLUGIN_ID, shapingStreamFn } from "./openclaw-plugin.js";
export { isConfiguredRoute } from "./route.js";
export { type ShapeOutcome, type ShapingRules, shapeRequestBody } from "./shape.js";
