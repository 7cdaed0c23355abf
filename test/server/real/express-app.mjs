// A real Express app with the real `cors` and `express-rate-limit` packages, misconfigured the way
// people ship it. Started by test/server/real-servers.ts; prints {"port": N} once listening.
import express from 'express';
import cors from 'cors';
import { rateLimit } from 'express-rate-limit';

const origin = process.env.APP_ORIGIN;
const app = express();
const ok = (req, res) => res.json({ ok: true });

// 1. The rate limiter mounted before cors(): its 429 carries no CORS headers.
app.use('/express/limited', rateLimit({ windowMs: 60_000, limit: 1, standardHeaders: 'draft-7', legacyHeaders: false }), cors({ origin }), ok);

// 2. Authentication before cors(): the credential-less preflight gets 401.
app.use('/express/auth', (req, res, next) => (req.headers.authorization ? next() : res.status(401).json({ error: 'Unauthorized' })), cors({ origin }), ok);

// 3. cors() with its defaults (Allow-Origin: *) called with credentials.
app.use('/express/credentials', cors(), ok);

const server = app.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
