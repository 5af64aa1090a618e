import { serve } from '@hono/node-server';
import { createApp } from './api/app.js';
import { loadConfig } from './config.js';
import { createServices } from './services.js';

const config = loadConfig();
const started = Date.now();
const services = await createServices(config);
const app = createApp(services, {
  allowedOrigins: config.ALLOWED_ORIGINS,
  rateLimitPerMinute: config.RATE_LIMIT_PER_MIN,
  trustProxy: config.TRUST_PROXY,
});

const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  const mode = config.OPENAI_API_KEY || config.OPENAI_BASE_URL ? `LLM mode (${config.OPENAI_MODEL ?? 'default model'}${config.OPENAI_BASE_URL ? ` at ${config.OPENAI_BASE_URL}` : ''})` : 'offline mode';
  console.log(`listening on http://${info.address}:${info.port} (${mode}; ready in ${Date.now() - started} ms; plans ${services.all.map((service) => `${service.id}@${service.pack.version}`).join(', ')})`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
