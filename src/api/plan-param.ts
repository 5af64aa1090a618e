import type { Context } from 'hono';
import { profileSchemaFor, type Profile } from '../rules/profile.js';
import type { PlanService, PlanServices } from '../services.js';
import type { Language } from '../text/languages.js';
import type { AppEnv } from './context.js';
import { ApiError, validationError } from './errors.js';

/** The plan pack named, or the default; an unknown plan is a 404 naming the field (`plan` unless told). */
export function findPlan(services: PlanServices, id: string | undefined, field = 'plan'): PlanService {
  const service = services.get(id);
  if (!service) throw new ApiError(404, 'unknown_plan', `${field}: no plan pack "${String(id).slice(0, 100)}" (see GET /v1/plans)`, field);
  return service;
}

/** The plan pack a request names (`plan`), or the default; an unknown plan is a 404 naming it. */
export function planService(c: Context<AppEnv>, id: string | undefined): PlanService {
  const service = findPlan(c.var.services, id);
  c.set('plan', service);
  return service;
}

const profileSchemas = new WeakMap<PlanService, ReturnType<typeof profileSchemaFor>>();

/** The request's profile checked against the plan's own flags (a flag of another plan is refused, naming it). */
export function planProfile(service: PlanService, profile: Profile | undefined, field = 'profile'): Profile {
  if (profile === undefined) return {};
  let schema = profileSchemas.get(service);
  if (!schema) {
    schema = profileSchemaFor(service.pack.profile);
    profileSchemas.set(service, schema);
  }
  const parsed = schema.safeParse(profile);
  if (!parsed.success) throw validationError(parsed.error, field);
  return parsed.data as Profile;
}

/** The language asked for, else the plan's default. */
export function planLanguage(service: PlanService, lang: Language | undefined): Language {
  return lang ?? service.pack.meta.defaultLanguage;
}
