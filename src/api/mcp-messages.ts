import type { Context } from 'hono';

/**
 * Whether an MCP request (one JSON-RPC message or a batch) calls the named tool. Reads the
 * body through hono's cache, so the transport reads the same parsed body after it; a body
 * that is not JSON calls nothing (the transport answers it with a parse error).
 */
export async function callsMcpTool(c: Context, tool: string): Promise<boolean> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return false;
  }
  const messages: unknown[] = Array.isArray(body) ? body : [body];
  return messages.some((message) => {
    if (typeof message !== 'object' || message === null) return false;
    const { method, params } = message as { method?: unknown; params?: { name?: unknown } };
    return method === 'tools/call' && typeof params === 'object' && params !== null && params.name === tool;
  });
}
