// The official Ollama JavaScript library, pointed at Relay's Ollama dialect, works unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ollama } from 'ollama';

// The library appends /api/chat to its host.
const host = `${process.env.RELAY_BASE_URL}/v2/ollama`;
const model = process.env.RELAY_MODEL ?? 'Qwen/Qwen3-Coder';
const client = (key = process.env.RELAY_KEY) => new Ollama({ host, headers: { 'X-API-Key': key } });

test('chat returns an assistant message and eval counts', async () => {
  const response = await client().chat({
    model, stream: false, options: { num_predict: 8 }, messages: [{ role: 'user', content: 'Say hello' }],
  });
  assert.equal(response.message.role, 'assistant');
  assert.ok(response.message.content.length > 0);
  assert.equal(response.done, true);
  assert.equal(response.eval_count, 8);
  assert.ok(response.prompt_eval_count > 0);
});

test('streamed chat yields content parts and ends with done', async () => {
  const stream = await client().chat({
    model, stream: true, options: { num_predict: 6 }, messages: [{ role: 'user', content: 'Count to five' }],
  });
  let text = '';
  let last = null;
  for await (const part of stream) {
    text += part.message?.content ?? '';
    last = part;
  }
  assert.ok(text.length > 0);
  assert.equal(last.done, true);
  assert.equal(last.eval_count, 6);
});

test('a wrong key raises ResponseError with status 401', async () => {
  await assert.rejects(
    client('relay_sk_00000000000000000000000000000000000000').chat({
      model, stream: false, messages: [{ role: 'user', content: 'hi' }],
    }),
    (err) => err.name === 'ResponseError' && err.status_code === 401 && err.message.length > 0);
});

test('an unknown model raises ResponseError with status 404', async () => {
  await assert.rejects(
    client().chat({ model: 'no-such/model', stream: false, messages: [{ role: 'user', content: 'hi' }] }),
    (err) => err.name === 'ResponseError' && err.status_code === 404);
});

const weather = {
  type: 'function',
  function: { name: 'get_weather', description: 'The weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

test('a tool call comes back with its arguments as an object', async () => {
  const response = await client().chat({
    model, stream: false, tools: [weather], messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
  });
  const call = response.message.tool_calls?.[0];
  assert.ok(call, JSON.stringify(response.message));
  assert.equal(call.function.name, 'get_weather');
  assert.equal(typeof call.function.arguments, 'object');
});

test('a streamed tool call arrives whole before the final part', async () => {
  const stream = await client().chat({
    model, stream: true, tools: [weather], messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
  });
  const calls = [];
  let last = null;
  for await (const part of stream) {
    calls.push(...(part.message?.tool_calls ?? []));
    last = part;
  }
  assert.equal(calls.length, 1, JSON.stringify(calls));
  assert.equal(calls[0].function.name, 'get_weather');
  assert.equal(typeof calls[0].function.arguments, 'object');
  assert.equal(last.done, true);
});

test('generate returns the response text and eval counts', async () => {
  const response = await client().generate({
    model, stream: false, system: 'Be brief.', prompt: 'Say hello', options: { num_predict: 8 },
  });
  assert.ok(response.response.length > 0, JSON.stringify(response));
  assert.equal(response.done, true);
  assert.equal(response.eval_count, 8);
  assert.ok(response.prompt_eval_count > 0);
});

test('streamed generate yields response parts and ends with done', async () => {
  const stream = await client().generate({ model, stream: true, prompt: 'Count to five', options: { num_predict: 6 } });
  let text = '';
  let last = null;
  for await (const part of stream) {
    text += part.response ?? '';
    last = part;
  }
  assert.ok(text.length > 0);
  assert.equal(last.done, true);
  assert.equal(last.eval_count, 6);
});

test('list() includes the simulated models', async () => {
  const { models } = await client().list();
  assert.ok(models.some((m) => m.name === model), JSON.stringify(models));
});

test('show() gives the context window as num_ctx, also for name:latest', async () => {
  const shown = await client().show({ model });
  assert.match(shown.parameters, /^num_ctx \d+$/);
  assert.ok(shown.capabilities.includes('completion'));
  assert.equal((await client().show({ model: `${model}:latest` })).parameters, shown.parameters);
});

test('ps() lists the models healthy workers serve', async () => {
  const { models } = await client().ps();
  assert.ok(models.some((m) => m.name === model), JSON.stringify(models));
});

test('show() of an unknown model raises ResponseError with status 404', async () => {
  await assert.rejects(client().show({ model: 'no/such-model' }),
    (err) => err.name === 'ResponseError' && err.status_code === 404);
});

test('an out-of-range option raises ResponseError with status 400', async () => {
  await assert.rejects(
    client().chat({ model, stream: false, options: { temperature: 7 }, messages: [{ role: 'user', content: 'hi' }] }),
    (err) => err.name === 'ResponseError' && err.status_code === 400);
});

test('an empty balance raises ResponseError with status 402', async () => {
  await assert.rejects(
    client(process.env.RELAY_POOR_KEY).chat({ model, stream: false, messages: [{ role: 'user', content: 'hi' }] }),
    (err) => err.name === 'ResponseError' && err.status_code === 402);
});

test('going over the key rate limit raises ResponseError with status 429', async () => {
  const ask = () => client(process.env.RELAY_LIMITED_KEY).chat({
    model, stream: false, options: { num_predict: 1 }, messages: [{ role: 'user', content: 'hi' }],
  });
  await ask();
  await assert.rejects(ask(), (err) => err.name === 'ResponseError' && err.status_code === 429);
});
