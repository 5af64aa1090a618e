import type { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../context.js';
import { servedAnswer } from './ask.js';

export const MCP_PATH = '/mcp';

/**
 * MCP over Streamable HTTP (@hono/mcp), stateless: every POST gets its own server and
 * transport, which answer it as JSON and are closed, so nothing is kept between requests
 * and any process behind a load balancer can answer any message. GET (a standalone event
 * stream) and DELETE (ending a session) have no meaning without sessions: 405.
 */
export function registerMcpRoutes(app: OpenAPIHono<AppEnv>): void {
  app.post(MCP_PATH, async (c) => {
    const [{ StreamableHTTPTransport }, { createMcpServer }] = await (mcpModules ??= Promise.all([import('@hono/mcp'), import('../../mcp/server.js')]));
    const server = createMcpServer(c.var.services, {
      signal: c.req.raw.signal,
      // Recorded for the request's access line (written once the JSON reply is ready).
      onAnswer: (response) => servedAnswer(c, response),
    });
    const transport = new StreamableHTTPTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    try {
      await server.connect(transport);
      return (await transport.handleRequest(c)) ?? c.body(null, 202);
    } catch (error) {
      // The transport's refusals (not JSON-RPC, wrong Accept or content type) carry their JSON-RPC response.
      if (error instanceof HTTPException && error.res) return error.getResponse();
      throw error;
    } finally {
      await server.close();
    }
  });
}

/**
 * The MCP SDK and transport, loaded on the first MCP request: with the JSON-schema converter
 * they pull in, about 60 modules and 0.3-0.5 s of start that a process serving only the HTTP
 * API does not need.
 */
let mcpModules: Promise<[typeof import('@hono/mcp'), typeof import('../../mcp/server.js')]> | undefined;
