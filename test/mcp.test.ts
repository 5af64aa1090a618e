import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult, TextContent } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPath } from '../src/paths.js';
import { serveTestApp, type TestServer } from './support/http-server.js';
import { mainPack, MAIN_PLAN } from './support/packs.js';
import { TEST_ENV } from './support/services.js';

/**
 * The MCP server through the official SDK's Client, as agents use it: over Streamable HTTP
 * against the real service, and over stdio against the command line's `mcp`.
 */
const TOOLS = ['ask', 'check_eligibility', 'check_targets', 'list_targets', 'search_plan'];

const textOf = (result: CallToolResult) => (result.content[0] as TextContent).text;
/** A resource's text (the server sends text, never blobs). */
const resourceText = async (client: Client, uri: string) => {
  const content = (await client.readResource({ uri })).contents[0]!;
  return 'text' in content ? content.text : '';
};
const call = async (client: Client, name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult;

async function connectHttp(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'test-agent', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers } }));
  return client;
}

describe('MCP over Streamable HTTP', () => {
  let server: TestServer;
  let client: Client;
  beforeAll(async () => {
    server = await serveTestApp();
    client = await connectHttp(server.url);
  });
  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it('lists the tools, each with an input schema and a description', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(TOOLS);
    for (const tool of tools) {
      expect(tool.description!.length, tool.name).toBeGreaterThan(40);
      expect(tool.inputSchema.type).toBe('object');
    }
    const ask = tools.find((tool) => tool.name === 'ask')!;
    expect(ask.inputSchema.required).toEqual(['question']);
    // The profile's flags are described from the pack.
    expect(JSON.stringify(ask.inputSchema)).toContain('aboveDesignatedSize');
  });

  it('ask: the footnoted answer as text, the response as structured content', async () => {
    const result = await call(client, 'ask', { question: '我们多久需要做一次清洁生产审核？', profile: { industry: '电镀', aboveDesignatedSize: true } });
    expect(result.isError).toBeFalsy();
    const response = result.structuredContent as { status: string; answer: string; citations: Array<{ quote: string }> };
    expect(response.status).toBe('answered');
    expect(textOf(result).startsWith(response.answer)).toBe(true);
    expect(textOf(result)).toContain('**出处**');
    expect(textOf(result).replace(/\\/gu, '')).toContain(response.citations[0]!.quote);
  });

  it('check_eligibility: items with why and citations', async () => {
    const result = await call(client, 'check_eligibility', { profile: { industry: '电镀', aboveDesignatedSize: true }, lang: 'en' });
    const body = result.structuredContent as { industry: { id: string }; items: Array<{ why: unknown; citations: unknown[] }> };
    expect(body.industry.id).toBeTruthy();
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((item) => item.why && item.citations.length > 0)).toBe(true);
    expect(JSON.parse(textOf(result))).toEqual(body);
  });

  it('list_targets and check_targets: the targets, and figures met or not', async () => {
    const listed = (await call(client, 'list_targets', { kind: 'table1' })).structuredContent as { targets: Array<{ id: string; kind: string }> };
    expect(listed.targets.length).toBeGreaterThan(0);
    expect(listed.targets.every((target) => target.kind === 'table1')).toBe(true);
    const checked = (await call(client, 'check_targets', { figures: [{ targetId: 't1-training', value: 45 }], lang: 'en' })).structuredContent as { results: Array<{ met: boolean; difference: number }> };
    expect(checked.results[0]).toMatchObject({ met: false, difference: -5 });
  });

  it('search_plan: clauses with ids, labels, verbatim text and their resource URI', async () => {
    const result = await call(client, 'search_plan', { query: '汞使用量削减', limit: 3 });
    const { clauses } = result.structuredContent as { clauses: Array<{ id: string; text: string; uri: string }> };
    expect(clauses.length).toBeGreaterThan(0);
    expect(clauses.length).toBeLessThanOrEqual(3);
    for (const clause of clauses) {
      expect(mainPack().corpus.get(clause.id)?.text).toBe(clause.text);
      expect(clause.uri).toBe(`plan://${MAIN_PLAN}/clauses/${clause.id}`);
    }
  });

  it('reads a clause verbatim, the targets and the plan’s metadata as resources', async () => {
    const clause = mainPack().corpus.clauses.find((candidate) => candidate.kind === 'paragraph')!;
    const read = await client.readResource({ uri: `plan://${MAIN_PLAN}/clauses/${clause.id}` });
    expect(read.contents[0]).toMatchObject({ mimeType: 'text/plain', text: clause.text });
    const targets = JSON.parse(await resourceText(client, `plan://${MAIN_PLAN}/targets`)) as { targets: unknown[] };
    expect(targets.targets.length).toBe(mainPack().targets.length);
    const meta = JSON.parse(await resourceText(client, `plan://${MAIN_PLAN}`)) as { id: string; profile: unknown };
    expect(meta).toMatchObject({ id: MAIN_PLAN, default: true });
    const { resources } = await client.listResources();
    expect(resources.map((resource) => resource.uri)).toContain(`plan://${MAIN_PLAN}/clauses/${clause.id}`);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((template) => template.uriTemplate).sort()).toEqual(['plan://{plan}', 'plan://{plan}/clauses/{id}', 'plan://{plan}/targets']);
  });

  it('answers bad arguments with tool errors naming the field, and unknown resources with an error', async () => {
    const noQuestion = await call(client, 'ask', { profile: {} });
    expect(noQuestion.isError).toBe(true);
    expect(textOf(noQuestion)).toMatch(/question/u);
    const unknownTarget = await call(client, 'check_targets', { figures: [{ targetId: 'no-such-target', value: 1 }] });
    expect(unknownTarget.isError).toBe(true);
    expect(textOf(unknownTarget)).toMatch(/^figures\[0\]\.targetId: /u);
    const unknownPlan = await call(client, 'list_targets', { plan: 'no-such-plan' });
    expect(unknownPlan.isError).toBe(true);
    expect(textOf(unknownPlan)).toMatch(/^plan: /u);
    const badFlag = await call(client, 'check_eligibility', { profile: { industry: '电镀', noSuchFlag: true } });
    expect(badFlag.isError).toBe(true);
    expect(textOf(badFlag)).toMatch(/^profile: .*noSuchFlag/u);
    await expect(client.readResource({ uri: `plan://${MAIN_PLAN}/clauses/no-such-clause` })).rejects.toThrow(/id: .*no-such-clause/u);
    // The server is still there.
    expect((await client.listTools()).tools).toHaveLength(TOOLS.length);
  });

  it('refuses a GET stream (stateless: no sessions) with 405', async () => {
    const response = await fetch(`${server.url}/mcp`, { headers: { accept: 'text/event-stream' } });
    expect(response.status).toBe(405);
  });
});

describe('MCP keys and limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await serveTestApp({ apiKeys: ['agent-key'], rateLimitPerMinute: 1 });
  });
  afterAll(() => server?.close());

  it('needs a listed bearer key when API_KEYS is set', async () => {
    // The SDK's StreamableHTTPError carries the status; the body names the field.
    await expect(connectHttp(server.url)).rejects.toMatchObject({ code: 401, message: expect.stringMatching(/"field":"authorization"/u) });
    await expect(connectHttp(server.url, { authorization: 'Bearer wrong-key' })).rejects.toMatchObject({ code: 401 });
    const client = await connectHttp(server.url, { authorization: 'Bearer agent-key' });
    expect((await client.listTools()).tools).toHaveLength(TOOLS.length);
    await client.close();
  });

  it('counts a call of ask against the ask allowance, and nothing else', async () => {
    const client = await connectHttp(server.url, { authorization: 'Bearer agent-key' });
    // The handshake, the lists and the rule tools are rule requests (their own allowance).
    await client.listTools();
    await client.listTools();
    await call(client, 'list_targets', { kind: 'table1' });
    expect((await call(client, 'ask', { question: '2015年汞使用量要削减多少？' })).isError).toBeFalsy();
    await expect(call(client, 'ask', { question: '2015年汞使用量要削减多少？' })).rejects.toMatchObject({ code: 429, message: expect.stringMatching(/"field":"client"/u) });
    // The rule tools still answer.
    expect((await call(client, 'check_targets', { figures: [{ targetId: 't1-training', value: 45 }] })).isError).toBeFalsy();
    await client.close();
  });
});

describe('MCP over stdio (the command line’s mcp)', () => {
  let client: Client;
  beforeAll(async () => {
    client = new Client({ name: 'desktop-agent', version: '1.0.0' });
    const env = Object.fromEntries(Object.entries({ ...process.env, ...TEST_ENV }).filter((entry): entry is [string, string] => entry[1] !== undefined));
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [projectPath('bin', 'policy-assistant.mjs'), 'mcp'], env, stderr: 'pipe' }));
  }, 120_000);
  afterAll(() => client?.close());

  it('lists the tools, calls them, reads a resource and answers a bad argument with a tool error', async () => {
    expect((await client.listTools()).tools.map((tool) => tool.name).sort()).toEqual(TOOLS);
    const answer = await call(client, 'ask', { question: 'Our province trained 45% of heads of above-scale enterprises. Is that on target?' });
    expect((answer.structuredContent as { status: string }).status).toBe('answered');
    expect(textOf(answer)).toContain('**Sources**');
    const eligibility = await call(client, 'check_eligibility', { profile: { industry: 'lead-acid battery' } });
    expect((eligibility.structuredContent as { items: unknown[] }).items.length).toBeGreaterThan(0);
    const search = await call(client, 'search_plan', { query: 'mercury' });
    expect((search.structuredContent as { clauses: unknown[] }).clauses.length).toBeGreaterThan(0);
    const clause = mainPack().corpus.clauses[2]!;
    expect(await resourceText(client, `plan://${MAIN_PLAN}/clauses/${clause.id}`)).toBe(clause.text);
    const bad = await call(client, 'check_targets', { figures: [{ targetId: 't1-training', value: 'lots' }] });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/figures/u);
  });
});
