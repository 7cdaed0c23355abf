// A real Fastify app with the real @fastify/cors, misconfigured the way people ship it.
// Started by test/server/real-servers.ts; prints {"port": N} once listening.
import Fastify from 'fastify';
import cors from '@fastify/cors';

const origin = process.env.APP_ORIGIN;
const fastify = Fastify();

// 1. @fastify/cors with its default methods (GET, HEAD, POST): a PUT's preflight does not allow PUT.
await fastify.register(
  async (f) => {
    await f.register(cors, { origin });
    f.put('/item', async () => ({ ok: true }));
  },
  { prefix: '/fastify/put' },
);

// 2. An auth hook added before @fastify/cors: the preflight gets 401.
await fastify.register(
  async (f) => {
    f.addHook('onRequest', async (request, reply) => {
      if (!request.headers.authorization) return reply.code(401).send({ error: 'Unauthorized' });
    });
    await f.register(cors, { origin });
    f.put('/item', async () => ({ ok: true }));
  },
  { prefix: '/fastify/auth' },
);

// 3. origin "*" for a request with credentials.
await fastify.register(
  async (f) => {
    await f.register(cors, { origin: '*' });
    f.get('/item', async () => ({ ok: true }));
  },
  { prefix: '/fastify/credentials' },
);

await fastify.listen({ port: 0, host: '127.0.0.1' });
console.log(JSON.stringify({ port: fastify.server.address().port }));
