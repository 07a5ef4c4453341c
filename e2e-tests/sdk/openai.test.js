// The official OpenAI SDK, pointed at Relay's base URL, works unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import http from 'node:http';

const baseURL = `${process.env.RELAY_BASE_URL}/v1`;
const model = process.env.RELAY_MODEL ?? 'Qwen/Qwen3-Coder';
const client = (apiKey = process.env.RELAY_KEY) => new OpenAI({ apiKey, baseURL, maxRetries: 0, timeout: 30_000 });

test('chat completion returns an assistant message with usage', async () => {
  const completion = await client().chat.completions.create({
    model, messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 8,
  });
  assert.match(completion.id, /^chatcmpl-/);
  assert.equal(completion.choices[0].message.role, 'assistant');
  assert.ok(completion.choices[0].message.content.length > 0);
  assert.equal(completion.usage.completion_tokens, 8);
});

test('streamed chat completion yields content deltas and a final usage chunk', async () => {
  const stream = await client().chat.completions.create({
    model, messages: [{ role: 'user', content: 'Count to five' }], max_tokens: 6,
    stream: true, stream_options: { include_usage: true },
  });
  let text = '';
  let usage = null;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? '';
    if (chunk.usage) usage = chunk.usage;
  }
  assert.ok(text.length > 0);
  assert.equal(usage.completion_tokens, 6);
});

test('tool definitions come back as tool calls', async () => {
  const completion = await client().chat.completions.create({
    model, messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
    tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
    tool_choice: { type: 'function', function: { name: 'get_weather' } },
  });
  const call = completion.choices[0].message.tool_calls[0];
  assert.equal(call.function.name, 'get_weather');
  assert.doesNotThrow(() => JSON.parse(call.function.arguments));
  assert.equal(completion.choices[0].finish_reason, 'tool_calls');
});

test('model listing includes the simulated models', async () => {
  const ids = [];
  for await (const m of client().models.list()) ids.push(m.id);
  assert.ok(ids.some((id) => id.endsWith(model)), `no ${model} in ${ids}`);
});

test('a wrong key raises AuthenticationError', async () => {
  await assert.rejects(
    client('relay_sk_00000000000000000000000000000000000000').chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }),
    OpenAI.AuthenticationError);
});

test('an unknown model raises NotFoundError', async () => {
  await assert.rejects(
    client().chat.completions.create({ model: 'no-such/model', messages: [{ role: 'user', content: 'hi' }] }),
    OpenAI.NotFoundError);
});

test('an out-of-range parameter raises BadRequestError', async () => {
  await assert.rejects(
    client().chat.completions.create({ model, temperature: 7, messages: [{ role: 'user', content: 'hi' }] }),
    OpenAI.BadRequestError);
});

test('an empty balance raises a 402 APIError', async () => {
  await assert.rejects(
    client(process.env.RELAY_POOR_KEY).chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }),
    (err) => err instanceof OpenAI.APIError && err.status === 402);
});

test('going over the key rate limit raises RateLimitError', async () => {
  const limited = client(process.env.RELAY_LIMITED_KEY);
  const ask = () => limited.chat.completions.create({ model, max_tokens: 1, messages: [{ role: 'user', content: 'hi' }] });
  await ask();
  await assert.rejects(ask(), OpenAI.RateLimitError);
});

// The strict dialect enforces the published OpenAI request schema.
const strict = new OpenAI({ apiKey: process.env.RELAY_KEY, baseURL: `${process.env.RELAY_BASE_URL}/v2/openai/v1`, maxRetries: 0, timeout: 30_000 });

test('the strict /v2/openai dialect answers a valid request', async () => {
  const completion = await strict.chat.completions.create({
    model, messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 4,
  });
  assert.equal(completion.usage.completion_tokens, 4);
});

test('a schema violation on /v2/openai raises UnprocessableEntityError naming the field', async () => {
  await assert.rejects(
    strict.chat.completions.create({ model, temperature: 7, messages: [{ role: 'user', content: 'hi' }] }),
    (err) => err instanceof OpenAI.UnprocessableEntityError && err.status === 422 && /body\.temperature/.test(err.message));
});

test("an async task's webhook passes the SDK's own signature check", async () => {
  const calls = [];
  let arrived = () => {};
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => { calls.push({ body, headers: req.headers }); res.writeHead(204).end(); arrived(); });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const account = { Authorization: `Bearer ${process.env.RELAY_KEY}`, 'Content-Type': 'application/json' };
  const registered = await fetch(`${process.env.RELAY_BASE_URL}/v1/webhooks`, {
    method: 'POST', headers: account,
    body: JSON.stringify({ url: `http://127.0.0.1:${server.address().port}/relay-hook` }),
  });
  assert.equal(registered.status, 201);
  const endpoint = await registered.json();
  try {
    const task = await client().chat.completions.create({
      model, async: true, max_tokens: 4, messages: [{ role: 'user', content: 'Say hi' }],
    });
    // The account's other tasks may call too: wait for this one's.
    const deadline = Date.now() + 90_000;
    let call;
    while (!(call = calls.find((c) => c.body.includes(task.task_id)))) {
      assert.ok(Date.now() < deadline, 'no webhook for the task within 90 s');
      await new Promise((resolve) => { arrived = resolve; setTimeout(resolve, 1_000); });
    }
    const event = await client().webhooks.unwrap(call.body, call.headers, endpoint.secret);
    assert.equal(event.type, 'task.completed');
    assert.equal(event.data.task_id, task.task_id);
    assert.equal(event.data.result.choices[0].message.role, 'assistant');
    await assert.rejects(client().webhooks.unwrap(call.body.replace('task.completed', 'task.failed'), call.headers,
      endpoint.secret), OpenAI.InvalidWebhookSignatureError);
  } finally {
    await fetch(`${process.env.RELAY_BASE_URL}/v1/webhooks/${endpoint.id}`, { method: 'DELETE', headers: account });
    server.close();
  }
});
