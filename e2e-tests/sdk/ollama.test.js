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
