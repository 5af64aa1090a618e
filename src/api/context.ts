import type { PlanService, PlanServices } from '../services.js';

/** What the routes use; built once by the server (or a test) and handed to createApp. */
export type AppServices = PlanServices;

export interface AppEnv {
  Variables: {
    services: AppServices;
    /** The plan pack the request was answered for, once a route has resolved it. */
    plan?: PlanService;
  };
}
