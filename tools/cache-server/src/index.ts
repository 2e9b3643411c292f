export {
  CACHE_TEAM,
  type CacheServerOptions,
  clientEnv,
  type RunningCacheServer,
  startCacheServer,
} from "./server.js";
