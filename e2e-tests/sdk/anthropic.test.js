// The official Anthropic SDK, pointed at Relay's Anthropic dialect, works unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';

// The SDK appends /v1/messages to its base URL.
const baseURL = `${process.env.RELAY_BASE_URL}/v2/anthropic`;
const model = process.env.RELAY_MODEL ?? 'Qwen/Qwen3-Coder';
const client = (apiKey = process.env.RELAY_KEY) => new Anthropic({ apiKey, baseURL, maxRetries: 0, timeout: 30_000 });

test('message create returns text content, usage and a stop reason', async () => {
  const message = await client().messages.create({
    model, max_tokens: 8, system: 'be brief', messages: [{ role: 'user', content: 'Say hello' }],
  });
  assert.equal(message.type, 'message');
  assert.equal(message.role, 'assistant');
  assert.equal(message.content[0].type, 'text');
  assert.ok(message.content[0].text.length > 0);
  assert.ok(message.usage.input_tokens > 0);
  assert.equal(message.usage.output_tokens, 8);
  assert.equal(message.stop_reason, 'max_tokens');
});

test('messages.stream yields text deltas and a final message', async () => {
  const stream = client().messages.stream({
    model, max_tokens: 6, messages: [{ role: 'user', content: 'Count to five' }],
  });
  let text = '';
  stream.on('text', (delta) => { text += delta; });
  const final = await stream.finalMessage();
  assert.ok(text.length > 0);
  assert.equal(final.content[0].text, text);
  assert.equal(final.usage.output_tokens, 6);
  assert.equal(final.stop_reason, 'max_tokens');
});

test('a wrong key raises AuthenticationError', async () => {
  await assert.rejects(
    client('relay_sk_00000000000000000000000000000000000000').messages.create({
      model, max_tokens: 8, messages: [{ role: 'user', content: 'hi' }],
    }),
    Anthropic.AuthenticationError);
});

test('an unknown model raises NotFoundError', async () => {
  await assert.rejects(
    client().messages.create({ model: 'no-such/model', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }),
    Anthropic.NotFoundError);
});

const weather = {
  name: 'get_weather', description: 'The weather in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } } },
};

test('a tool the model must call comes back as a tool_use block', async () => {
  const message = await client().messages.create({
    model, max_tokens: 64, tools: [weather], tool_choice: { type: 'tool', name: 'get_weather' },
    messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
  });
  const call = message.content.find((block) => block.type === 'tool_use');
  assert.ok(call, JSON.stringify(message.content));
  assert.equal(call.name, 'get_weather');
  assert.equal(typeof call.input, 'object');
  assert.ok(call.id.length > 0);
  assert.equal(message.stop_reason, 'tool_use');
});

test('a streamed tool call is assembled by the SDK from input_json_delta events', async () => {
  const stream = client().messages.stream({
    model, max_tokens: 64, tools: [weather], tool_choice: { type: 'tool', name: 'get_weather' },
    messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
  });
  const final = await stream.finalMessage();
  const call = final.content.find((block) => block.type === 'tool_use');
  assert.ok(call, JSON.stringify(final.content));
  assert.equal(call.name, 'get_weather');
  assert.equal(typeof call.input, 'object');
  assert.equal(final.stop_reason, 'tool_use');
});

test('countTokens answers the input tokens the same message is then billed for', async () => {
  const prompt = { model, system: 'be brief', messages: [{ role: 'user', content: 'How many tokens is this question?' }] };
  const counted = await client().messages.countTokens(prompt);
  const message = await client().messages.create({ ...prompt, max_tokens: 4 });
  assert.ok(counted.input_tokens > 0);
  assert.equal(counted.input_tokens, message.usage.input_tokens);
});

test('model listing includes the simulated models', async () => {
  const ids = [];
  for await (const m of client().models.list()) ids.push(m.id);
  assert.ok(ids.includes(model), `no ${model} in ${ids}`);
});

test('an out-of-range parameter raises BadRequestError', async () => {
  await assert.rejects(
    client().messages.create({ model, max_tokens: 8, temperature: 7, messages: [{ role: 'user', content: 'hi' }] }),
    Anthropic.BadRequestError);
});

test('an empty balance raises a 402 APIError', async () => {
  await assert.rejects(
    client(process.env.RELAY_POOR_KEY).messages.create({ model, max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }),
    (err) => err instanceof Anthropic.APIError && err.status === 402);
});

test('going over the key rate limit raises RateLimitError', async () => {
  const ask = () => client(process.env.RELAY_LIMITED_KEY).messages.create({
    model, max_tokens: 1, messages: [{ role: 'user', content: 'hi' }],
  });
  await ask();
  await assert.rejects(ask(), Anthropic.RateLimitError);
});
