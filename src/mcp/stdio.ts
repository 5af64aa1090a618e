import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { PlanServices } from '../services.js';
import { createMcpServer } from './server.js';

/**
 * One MCP session over this process's standard input and output (desktop agents start the
 * command line's `mcp` and talk to it). Resolves when the client closes standard input.
 * Standard output carries only protocol messages: anything else printed goes to standard error.
 */
export async function serveStdio(services: PlanServices): Promise<void> {
  // A stray console.log (ours or a dependency's) would corrupt the protocol stream.
  console.log = console.error;
  console.info = console.error;
  const server = createMcpServer(services);
  const ended = new Promise<void>((resolve) => process.stdin.once('end', resolve));
  await server.connect(new StdioServerTransport());
  await ended;
  await server.close();
}
