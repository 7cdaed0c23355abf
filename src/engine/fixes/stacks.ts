/**
 * Fix snippets for every server, framework and platform CORS X-Ray recognises (docs/stacks.md),
 * each in that stack's own idiom. One entry per stack, with a snippet per kind of fix:
 *
 * - config: the CORS configuration (allowed origin, methods, headers, credentials; preflights answered)
 * - errors: CORS headers on the stack's error responses (4xx/5xx it generates itself, unhandled exceptions)
 * - auth: preflights answered before authentication (preflights never carry credentials)
 * - throttle: the rate limiter's refusals carrying CORS headers (and a real 429)
 * - origin: exactly one allowed origin sent back (credentials; one layer only)
 *
 * Every snippet is filled with the exchange's origin, method and headers, through the sanitised
 * FixContext (values are re-parsed origins and header tokens, quoted with dq()).
 */
import type { FixSnippet, GatewayKind } from '../schema';
import { allowHeaders, allowMethods, dq, snip, type FixContext, type Line } from './context';

export type StackFixKind = 'config' | 'errors' | 'auth' | 'throttle' | 'origin';

interface StackFixes {
  /** The snippets' `stack` name, as the panel's "Fix for" and `--stack` show it. */
  stack: string;
  config: (f: FixContext) => FixSnippet[];
  errors?: (f: FixContext) => FixSnippet[];
  auth?: (f: FixContext) => FixSnippet[];
  throttle?: (f: FixContext) => FixSnippet[];
  origin?: (f: FixContext) => FixSnippet[];
}

/** One snippet as a stack states it: its title, its code (a string, or lines) and its language when not the stack's. */
type Snip = readonly [title: string, code: (f: FixContext) => string | readonly Line[], lang?: string];
/** What each kind of fix shows; a kind left out falls back to `config` (stackSnippets). */
type Spec = Record<'config', Snip | readonly Snip[]> & Partial<Record<StackFixKind, Snip | readonly Snip[]>>;

function defineStack(stack: string, lang: string, spec: Spec): StackFixes {
  const fixes: Partial<Record<StackFixKind, (f: FixContext) => FixSnippet[]>> = {};
  for (const [kind, s] of Object.entries(spec) as Array<[StackFixKind, Snip | readonly Snip[]]>) {
    const snips = (typeof s[0] === 'string' ? [s] : s) as readonly Snip[];
    fixes[kind] = (f) => snips.map(([title, code, l = lang]) => snip(stack, l, title, code(f)));
  }
  return { stack, config: fixes.config!, ...fixes };
}

const methods = (f: FixContext) => allowMethods(f);
/** Methods without OPTIONS, for libraries that answer OPTIONS themselves. */
const actualMethods = (f: FixContext) => methods(f).filter((m) => m !== 'OPTIONS');
/**
 * Header names as snippets write them: plain names only. A header name may hold characters that
 * nginx ($var), Apache (%{…}), PHP and Ruby ("$x", "#$x") would expand inside a string; real
 * header names never do, so such a name (from a hostile capture) is left out of the snippets.
 */
const PLAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const heads = (f: FixContext) => {
  const h = allowHeaders(f).filter((n) => PLAIN_NAME.test(n));
  return h.length ? h : ['Content-Type'];
};
const list = (xs: readonly string[]) => xs.map(dq).join(', ');

// ---------------------------------------------------------------- nginx
function nginxHeaders(f: FixContext, indent: string): Line[] {
  return [
    `${indent}add_header Access-Control-Allow-Origin ${dq(f.origin)} always;`,
    f.credentialed && `${indent}add_header Access-Control-Allow-Credentials "true" always;`,
    `${indent}add_header Vary Origin always;`,
  ];
}
function nginxPreflight(f: FixContext, indent: string): Line[] {
  return [
    `${indent}if ($request_method = OPTIONS) {`,
    `${indent}    add_header Access-Control-Allow-Origin ${dq(f.origin)} always;`,
    `${indent}    add_header Access-Control-Allow-Methods ${dq(methods(f).join(', '))} always;`,
    `${indent}    add_header Access-Control-Allow-Headers ${dq(heads(f).join(', '))} always;`,
    f.credentialed && `${indent}    add_header Access-Control-Allow-Credentials "true" always;`,
    `${indent}    add_header Access-Control-Max-Age 600 always;`,
    `${indent}    return 204;`,
    `${indent}}`,
  ];
}
const nginx = defineStack('nginx', 'nginx', {
  config: [
    [
      'Answer preflights and keep CORS headers on errors ("always")',
      (f) => [
        'location /api/ {',
        '    # "always": nginx adds headers to 2xx/3xx only unless told otherwise, so its own',
        "    # 4xx/5xx (and the upstream's) would go out without them.",
        ...nginxPreflight(f, '    '),
        ...nginxHeaders(f, '    '),
        '    proxy_pass http://backend;',
        '}',
      ],
    ],
    [
      'A location with its own add_header drops every add_header of the server block',
      (f) => [
        'server {',
        ...nginxHeaders(f, '    '),
        '',
        '    location /api/ {',
        '        # Any add_header here (even an unrelated one) means NONE of the server-level',
        '        # add_header lines apply to this location: repeat the CORS ones (or include a file).',
        '        add_header X-Content-Type-Options nosniff always;',
        ...nginxHeaders(f, '        '),
        '        proxy_pass http://backend;',
        '    }',
        '}',
      ],
    ],
  ],
  auth: [
    'Answer OPTIONS before auth_request / auth_basic',
    (f) => [
      'location /api/ {',
      '    # "if ... return" runs in the rewrite phase, before the access phase where',
      '    # auth_request and auth_basic refuse the credential-less preflight.',
      ...nginxPreflight(f, '    '),
      '    auth_request /auth;',
      ...nginxHeaders(f, '    '),
      '    proxy_pass http://backend;',
      '}',
    ],
  ],
  throttle: [
    'limit_req: answer 429 (not 503) and keep the CORS headers on it',
    (f) => [
      '# http { } level',
      'limit_req_zone $binary_remote_addr zone=api:10m rate=10r/s;',
      '',
      'location /api/ {',
      '    limit_req zone=api burst=20 nodelay;',
      '    # The default 503 looks like a broken backend; 429 says "slow down".',
      '    limit_req_status 429;',
      '    # "always" puts the headers on the 429 nginx generates itself.',
      ...nginxHeaders(f, '    '),
      '    add_header Retry-After 1 always;',
      '    proxy_pass http://backend;',
      '}',
    ],
  ],
  origin: [
    [
      'Send back exactly one allowed origin',
      (f) => [
        '# http { } level',
        'map $http_origin $cors_origin {',
        '    default "";',
        `    ${dq(f.origin)} $http_origin;`,
        '}',
        '',
        '# server / location level: one add_header line, no other layer adding the header',
        'add_header Access-Control-Allow-Origin $cors_origin always;',
        f.credentialed && 'add_header Access-Control-Allow-Credentials "true" always;',
        'add_header Vary Origin always;',
      ],
    ],
    [
      "One Allow-Origin source: drop the upstream app's copy",
      (f) => [
        'location /api/ {',
        '    # The app behind nginx sets its own Access-Control-Allow-Origin: two values fail.',
        "    # Keep nginx's (or remove the add_header lines and let the app answer alone).",
        '    proxy_hide_header Access-Control-Allow-Origin;',
        '    proxy_hide_header Access-Control-Allow-Credentials;',
        `    add_header Access-Control-Allow-Origin ${dq(f.origin)} always;`,
        f.credentialed && '    add_header Access-Control-Allow-Credentials "true" always;',
        '    proxy_pass http://backend;',
        '}',
      ],
    ],
  ],
});

// ---------------------------------------------------------------- Express
function expressApp(f: FixContext, ...imports: string[]): Line[] {
  return [
    "import express from 'express';",
    "import cors from 'cors';",
    ...imports,
    '',
    'const app = express();',
    'const corsOptions = {',
    `  origin: [${dq(f.origin)}],`,
    `  methods: [${list(methods(f))}],`,
    `  allowedHeaders: [${list(heads(f))}],`,
    f.credentialed && '  credentials: true,',
    '  maxAge: 600,',
    '};',
  ];
}
const express = defineStack('Express', 'js', {
  config: [
    'cors() first, before every route',
    (f) => [...expressApp(f), '// First middleware: it answers preflights (204) and adds the headers to every response.', 'app.use(cors(corsOptions));'],
  ],
  errors: [
    'cors() before the routes and the error handler, so errors keep the headers',
    (f) => [
      ...expressApp(f),
      'app.use(cors(corsOptions)); // sets the headers before anything can fail',
      '',
      '// ... routes ...',
      '',
      '// Error handler last: the CORS headers are already on the response it sends.',
      'app.use((err, req, res, next) => {',
      '  res.status(err.status ?? 500).json({ error: err.expose ? err.message : "Internal error" });',
      '});',
    ],
  ],
  auth: [
    'cors() before authentication: it answers the credential-less preflight',
    (f) => [
      ...expressApp(f),
      'app.use(cors(corsOptions)); // ends OPTIONS preflights with 204 before auth runs',
      '',
      'function authenticate(req, res, next) {',
      "  if (req.method === 'OPTIONS') return next(); // preflights never carry credentials",
      "  if (!req.headers.authorization) return res.status(401).json({ error: 'Unauthorized' });",
      '  next();',
      '}',
      'app.use(authenticate);',
    ],
  ],
  throttle: [
    'Mount cors() before express-rate-limit, so its 429s carry CORS headers',
    (f) => [
      ...expressApp(f, "import { rateLimit } from 'express-rate-limit';"),
      'app.use(cors(corsOptions)); // first',
      '// Then the limiter: the page can now read the 429 and its RateLimit-* / Retry-After headers.',
      "app.use(rateLimit({ windowMs: 60_000, limit: 100, standardHeaders: 'draft-7', legacyHeaders: false }));",
    ],
  ],
  origin: [
    'cors(): one exact origin (a list is matched and reflected, never "*" with credentials)',
    (f) => [
      "import cors from 'cors';",
      '',
      'app.use(cors({',
      `  origin: [${dq(f.origin)}], // reflected only when it matches; never true or "*" with credentials`,
      f.credentialed && '  credentials: true,',
      '}));',
      '// And nothing else (a proxy, res.set) adding its own Access-Control-Allow-Origin.',
    ],
  ],
});

// ---------------------------------------------------------------- Fastify
function fastifyApp(...imports: string[]): Line[] {
  return ["import Fastify from 'fastify';", "import cors from '@fastify/cors';", ...imports, '', 'const fastify = Fastify();'];
}
function fastifyRegister(f: FixContext): Line[] {
  const m = [...new Set(['GET', 'HEAD', 'POST', ...actualMethods(f)])];
  return [
    'await fastify.register(cors, {',
    `  origin: [${dq(f.origin)}],`,
    `  // @fastify/cors allows only GET, HEAD and POST unless told otherwise`,
    `  methods: [${list(m)}],`,
    `  allowedHeaders: [${list(heads(f))}],`,
    f.credentialed && '  credentials: true,',
    '  maxAge: 600,',
    '});',
  ];
}
const fastify = defineStack('Fastify', 'js', {
  config: ['@fastify/cors with the methods and headers this request needs', (f) => [...fastifyApp(), ...fastifyRegister(f)]],
  errors: [
    'Register @fastify/cors first: its onRequest hook then covers error replies',
    (f) => [
      ...fastifyApp(),
      '// First plugin: the headers are set in onRequest, before any handler can throw,',
      '// so setErrorHandler / the default error reply keep them.',
      ...fastifyRegister(f),
    ],
  ],
  auth: [
    '@fastify/cors before the auth hook; the hook lets OPTIONS through',
    (f) => [
      ...fastifyApp(),
      ...fastifyRegister(f),
      '',
      "fastify.addHook('onRequest', async (request, reply) => {",
      "  if (request.method === 'OPTIONS') return; // preflights never carry credentials",
      "  if (!request.headers.authorization) return reply.code(401).send({ error: 'Unauthorized' });",
      '});',
    ],
  ],
  throttle: [
    'Register @fastify/cors before @fastify/rate-limit',
    (f) => [
      ...fastifyApp("import rateLimit from '@fastify/rate-limit';"),
      ...fastifyRegister(f),
      '// After cors: the 429 and its x-ratelimit-* / retry-after headers reach the page.',
      "await fastify.register(rateLimit, { max: 100, timeWindow: '1 minute' });",
    ],
  ],
  origin: [
    '@fastify/cors: one exact origin',
    (f) => [
      "import cors from '@fastify/cors';",
      '',
      'await fastify.register(cors, {',
      `  origin: [${dq(f.origin)}], // never true or "*" together with credentials`,
      f.credentialed && '  credentials: true,',
      '});',
    ],
  ],
});

// ---------------------------------------------------------------- Flask
function flaskCors(f: FixContext): Line[] {
  return [
    'from flask import Flask',
    'from flask_cors import CORS',
    '',
    'app = Flask(__name__)',
    'CORS(',
    '    app,',
    `    resources={r"/*": {"origins": [${dq(f.origin)}]}},  # the pattern must match the URL you call`,
    `    methods=[${list(methods(f))}],`,
    `    allow_headers=[${list(heads(f))}],`,
    f.credentialed && '    supports_credentials=True,',
    '    max_age=600,',
    ')',
  ];
}
const flask = defineStack('Flask', 'python', {
  config: ['Flask-Cors with the origin, methods and headers this request needs', flaskCors],
  errors: [
    'Flask-Cors on the whole app: error responses keep the headers',
    (f) => [
      ...flaskCors(f),
      '',
      '# Flask-Cors adds its headers in after_request, which also runs for abort(), error',
      '# handlers and unhandled exceptions (500): keep CORS(app) on the app, not on one view,',
      '# and do not return responses from a WSGI middleware outside Flask.',
    ],
  ],
  auth: [
    'Let OPTIONS through the before_request auth check',
    (f) => [
      ...flaskCors(f),
      '',
      'from flask import request, abort',
      '',
      '@app.before_request',
      'def require_token():',
      '    if request.method == "OPTIONS":',
      '        return None  # preflights never carry credentials; Flask-Cors answers them',
      '    if "Authorization" not in request.headers:',
      '        abort(401)',
    ],
  ],
  throttle: [
    'Flask-Limiter after Flask-Cors: 429s keep the CORS headers',
    (f) => [
      ...flaskCors(f),
      '',
      'from flask_limiter import Limiter',
      'from flask_limiter.util import get_remote_address',
      '',
      "# The 429 goes through Flask's error handling, so Flask-Cors's after_request adds",
      '# the headers; exempt preflights so they are not counted against the limit.',
      'limiter = Limiter(get_remote_address, app=app, default_limits=["100 per minute"],',
      '                  headers_enabled=True)',
      '@limiter.request_filter',
      'def skip_preflight():',
      '    from flask import request',
      '    return request.method == "OPTIONS"',
    ],
  ],
  origin: [
    'Flask-Cors: one exact origin',
    (f) => [
      'from flask_cors import CORS',
      '',
      `CORS(app, origins=[${dq(f.origin)}]${f.credentialed ? ', supports_credentials=True' : ''})  # never "*" with credentials`,
    ],
  ],
});

// ---------------------------------------------------------------- Django
function djangoSettings(f: FixContext): Line[] {
  return [
    '# settings.py  (pip install django-cors-headers)',
    'from corsheaders.defaults import default_headers',
    '',
    'INSTALLED_APPS = [',
    '    # ...',
    '    "corsheaders",',
    ']',
    '',
    'MIDDLEWARE = [',
    '    "corsheaders.middleware.CorsMiddleware",  # as high as possible: before CommonMiddleware and auth',
    '    "django.middleware.common.CommonMiddleware",',
    '    # ...',
    ']',
    '',
    `CORS_ALLOWED_ORIGINS = [${dq(f.origin)}]  # scheme://host[:port], no path, no trailing slash`,
    `CORS_ALLOW_METHODS = [${list(methods(f))}]`,
    `CORS_ALLOW_HEADERS = (*default_headers, ${list(heads(f).map((h) => h.toLowerCase()))})`,
    f.credentialed && 'CORS_ALLOW_CREDENTIALS = True',
    'CORS_PREFLIGHT_MAX_AGE = 600',
  ];
}
const django = defineStack('Django', 'python', {
  config: ['django-cors-headers: CorsMiddleware first, CORS_ALLOWED_ORIGINS', djangoSettings],
  errors: [
    'CorsMiddleware at the top, so 4xx/5xx from later middleware keep the headers',
    (f) => [
      ...djangoSettings(f),
      '',
      '# Responses from middleware listed ABOVE CorsMiddleware (and 500 pages produced',
      '# by the server in front, e.g. gunicorn timeouts) never get the headers.',
    ],
  ],
  auth: [
    'CorsMiddleware before authentication: it answers preflights itself',
    (f) => [
      ...djangoSettings(f),
      '',
      '# CorsMiddleware answers OPTIONS preflights before any view or DRF permission',
      '# class runs; custom auth middleware must come after it in MIDDLEWARE.',
    ],
  ],
  throttle: [
    'DRF throttling: CorsMiddleware first so the 429 carries the headers',
    (f) => [
      ...djangoSettings(f),
      '',
      'REST_FRAMEWORK = {',
      '    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],',
      '    "DEFAULT_THROTTLE_RATES": {"anon": "100/min"},',
      '}',
      '# DRF answers 429 with Retry-After; CorsMiddleware adds CORS headers to it.',
    ],
  ],
  origin: [
    'django-cors-headers: one exact origin',
    (f) => [
      `CORS_ALLOWED_ORIGINS = [${dq(f.origin)}]`,
      'CORS_ALLOW_ALL_ORIGINS = False  # "*" cannot be used with credentials',
      f.credentialed && 'CORS_ALLOW_CREDENTIALS = True',
    ],
  ],
});

// ---------------------------------------------------------------- FastAPI
const FASTAPI_APP = ['from fastapi import FastAPI', 'from fastapi.middleware.cors import CORSMiddleware', '', 'app = FastAPI()'];
function fastapiMiddleware(f: FixContext, maxAge: boolean): Line[] {
  return [
    'app.add_middleware(',
    '    CORSMiddleware,',
    `    allow_origins=[${dq(f.origin)}],`,
    `    allow_methods=[${list(methods(f))}],`,
    `    allow_headers=[${list(heads(f))}],`,
    f.credentialed && '    allow_credentials=True,',
    maxAge && '    max_age=600,',
    ')',
  ];
}
const fastapiCors = (f: FixContext): Line[] => [...FASTAPI_APP, ...fastapiMiddleware(f, true)];
const fastapi = defineStack('FastAPI', 'python', {
  config: ['CORSMiddleware with the origin, methods and headers this request needs', fastapiCors],
  errors: [
    'Unhandled exceptions lose the CORS headers: turn them into responses inside CORSMiddleware',
    (f) => [
      'from fastapi import FastAPI, Request',
      'from fastapi.middleware.cors import CORSMiddleware',
      'from fastapi.responses import JSONResponse',
      '',
      'app = FastAPI()',
      '',
      '# An unhandled exception becomes a 500 in ServerErrorMiddleware, which sits OUTSIDE',
      '# CORSMiddleware: that 500 has no CORS headers. Catch it in a middleware added',
      '# before CORSMiddleware (add_middleware puts the latest one outermost).',
      '@app.middleware("http")',
      'async def errors_as_responses(request: Request, call_next):',
      '    try:',
      '        return await call_next(request)',
      '    except Exception:',
      '        return JSONResponse({"detail": "Internal Server Error"}, status_code=500)',
      '',
      ...fastapiMiddleware(f, false),
    ],
  ],
  auth: [
    'CORSMiddleware answers preflights before dependencies run',
    (f) => [
      ...fastapiCors(f),
      '',
      '# Auth in a dependency (Depends) or APIRouter never sees the preflight: CORSMiddleware',
      '# answers it. An auth *middleware* must be added BEFORE CORSMiddleware (inner) and',
      '# skip request.method == "OPTIONS".',
    ],
  ],
  throttle: [
    'Rate limiter inside CORSMiddleware, so its 429 carries the headers',
    (f) => [
      ...fastapiCors(f),
      '',
      '# slowapi: register its handler; the 429 is a normal response inside CORSMiddleware.',
      'from slowapi import Limiter, _rate_limit_exceeded_handler',
      'from slowapi.errors import RateLimitExceeded',
      'from slowapi.util import get_remote_address',
      'app.state.limiter = Limiter(key_func=get_remote_address, headers_enabled=True)',
      'app.add_exception_handler(RateLimitExceeded, _rate_limit_exceeded_handler)',
    ],
  ],
  origin: [
    'CORSMiddleware: one exact origin',
    (f) => [
      'app.add_middleware(',
      '    CORSMiddleware,',
      `    allow_origins=[${dq(f.origin)}],  # not ["*"] with allow_credentials=True`,
      f.credentialed && '    allow_credentials=True,',
      ')',
    ],
  ],
});

// ---------------------------------------------------------------- Spring
function springSource(f: FixContext): Line[] {
  return [
    '@Bean',
    'CorsConfigurationSource corsConfigurationSource() {',
    '    CorsConfiguration cors = new CorsConfiguration();',
    `    cors.setAllowedOrigins(List.of(${list([f.origin])}));`,
    `    cors.setAllowedMethods(List.of(${list(methods(f))}));`,
    `    cors.setAllowedHeaders(List.of(${list(heads(f))}));`,
    f.credentialed && '    cors.setAllowCredentials(true); // needs exact origins (or setAllowedOriginPatterns), never "*"',
    '    cors.setMaxAge(600L);',
    '    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();',
    '    source.registerCorsConfiguration("/**", cors);',
    '    return source;',
    '}',
  ];
}
const springSecurity = (f: FixContext): Line[] => [
  ...springSource(f),
  '',
  '@Bean',
  'SecurityFilterChain api(HttpSecurity http) throws Exception {',
  '    http',
  '        // CorsFilter before authentication: preflights are answered, never challenged',
  '        .cors(Customizer.withDefaults())',
  '        .authorizeHttpRequests(auth -> auth',
  '            .requestMatchers(HttpMethod.OPTIONS, "/**").permitAll()',
  '            .anyRequest().authenticated());',
  '    return http.build();',
  '}',
];
const spring = defineStack('Spring', 'java', {
  config: [
    ['CorsConfigurationSource (used by Spring MVC and Spring Security)', springSource],
    [
      '@CrossOrigin on the controller (Spring MVC only: Spring Security answers first)',
      (f) => [
        `@CrossOrigin(origins = ${dq(f.origin)}, methods = { ${actualMethods(f)
          .map((m) => `RequestMethod.${m}`)
          .join(', ')} }, allowedHeaders = { ${list(heads(f))} }${f.credentialed ? ', allowCredentials = "true"' : ''}, maxAge = 600)`,
        '@RestController',
        'class ApiController { /* ... */ }',
      ],
    ],
  ],
  errors: ['CORS in Spring Security (http.cors), so 401/403/500 from the filter chain keep the headers', springSecurity],
  auth: ['Spring Security: let the preflight through (http.cors + permit OPTIONS)', springSecurity],
  throttle: [
    'Rate limiting after the CorsFilter',
    (f) => [
      ...springSource(f),
      '',
      '// A rate-limit filter (Bucket4j, Resilience4j) registered before the CorsFilter answers',
      '// 429 without CORS headers: order it after CORS, e.g.',
      '// http.addFilterAfter(rateLimitFilter, CorsFilter.class);',
    ],
  ],
  origin: ['One exact origin (allowCredentials rejects "*")', springSource],
});

// ---------------------------------------------------------------- ASP.NET Core
function aspnetProgram(f: FixContext, ...extra: string[]): Line[] {
  return [
    'builder.Services.AddCors(options => options.AddPolicy("web", policy => policy',
    `    .WithOrigins(${dq(f.origin)})`,
    `    .WithMethods(${list(actualMethods(f))})`,
    `    .WithHeaders(${list(heads(f))})`,
    f.credentialed && '    .AllowCredentials() // never with AllowAnyOrigin()',
    '    .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));',
    '',
    'var app = builder.Build();',
    'app.UseExceptionHandler("/error"); // before UseCors: the re-executed error path gets CORS too',
    'app.UseRouting();',
    'app.UseCors("web");               // after UseRouting, BEFORE authentication and authorization',
    'app.UseAuthentication();',
    'app.UseAuthorization();',
    ...extra,
    'app.MapControllers();',
  ];
}
const aspnet = defineStack('ASP.NET Core', 'csharp', {
  config: ['AddCors + UseCors in the right place', aspnetProgram],
  errors: ['UseCors after UseExceptionHandler, so error responses keep the headers', aspnetProgram],
  auth: ['UseCors before UseAuthentication/UseAuthorization: preflights are answered', aspnetProgram],
  throttle: [
    'UseRateLimiter after UseCors, with a real 429',
    (f) => aspnetProgram(f, 'app.UseRateLimiter(); // AddRateLimiter(o => o.RejectionStatusCode = 429) — the default is 503'),
  ],
  origin: ['One exact origin (AllowAnyOrigin cannot be combined with AllowCredentials)', aspnetProgram],
});

// ---------------------------------------------------------------- Rails
function rackCors(f: FixContext): Line[] {
  return [
    '# config/initializers/cors.rb  (gem "rack-cors")',
    '# insert_before 0: first in the stack, before Warden/Devise, Rack::Attack and the app,',
    '# so preflights are answered and errors keep the headers.',
    'Rails.application.config.middleware.insert_before 0, Rack::Cors do',
    '  allow do',
    `    origins ${dq(f.origin)}`,
    '    resource "*",',
    `      headers: [${list(heads(f))}],`,
    `      methods: [${methods(f)
      .map((m) => `:${m.toLowerCase()}`)
      .join(', ')}],`,
    f.credentialed && '      credentials: true,',
    '      max_age: 600',
    '  end',
    'end',
  ];
}
const rails = defineStack('Rails', 'ruby', {
  config: ['rack-cors, inserted before everything (insert_before 0)', rackCors],
  errors: ['rack-cors at position 0: exceptions and 4xx keep the headers', rackCors],
  auth: ['rack-cors before Devise/Warden: preflights never reach authentication', rackCors],
  throttle: ['rack-cors before Rack::Attack: its 429s carry the headers', rackCors],
  origin: ['rack-cors: one exact origin (not "*" with credentials)', rackCors],
});

// ---------------------------------------------------------------- PHP
function phpHeaders(f: FixContext): Line[] {
  return [
    '<?php',
    '// Top of the front controller (index.php), before sessions, auth and the framework.',
    `$allowed = [${dq(f.origin)}];`,
    "$origin = $_SERVER['HTTP_ORIGIN'] ?? '';",
    'if (in_array($origin, $allowed, true)) {',
    "    header('Access-Control-Allow-Origin: ' . $origin);",
    f.credentialed && "    header('Access-Control-Allow-Credentials: true');",
    '}',
    "header('Vary: Origin');",
    "if ($_SERVER['REQUEST_METHOD'] === 'OPTIONS') {",
    `    header(${dq('Access-Control-Allow-Methods: ' + methods(f).join(', '))});`,
    `    header(${dq('Access-Control-Allow-Headers: ' + heads(f).join(', '))});`,
    "    header('Access-Control-Max-Age: 600');",
    '    http_response_code(204);',
    '    exit; // preflights never carry credentials: answer before auth',
    '}',
  ];
}
const php = defineStack('PHP', 'php', {
  config: [
    ['Send the headers first, answer OPTIONS before auth', phpHeaders],
    // Laravel's own CORS configuration, after the plain PHP one.
    [
      'Laravel: config/cors.php (HandleCors is a global middleware)',
      (f) => [
        '<?php',
        'return [',
        "    'paths' => ['api/*'],",
        `    'allowed_methods' => [${list(actualMethods(f))}],`,
        `    'allowed_origins' => [${dq(f.origin)}],`,
        `    'allowed_headers' => [${list(heads(f))}],`,
        "    'max_age' => 600,",
        `    'supports_credentials' => ${f.credentialed ? 'true' : 'false'},`,
        '];',
      ],
    ],
  ],
  errors: ['Headers before any output or error: fatal errors keep them', phpHeaders],
  auth: ['Answer OPTIONS before the session/auth check', phpHeaders],
  throttle: ['CORS headers before the rate limiter answers 429', phpHeaders],
  origin: ['Echo back one allowed origin, never "*" with credentials', phpHeaders],
});

// ---------------------------------------------------------------- Apache
function apacheConf(f: FixContext, auth = false): Line[] {
  return [
    '# mod_headers and mod_rewrite. "always" also covers 4xx/5xx and ErrorDocument responses.',
    '<Location "/api/">',
    `    Header always set Access-Control-Allow-Origin ${dq(f.origin)}`,
    f.credentialed && '    Header always set Access-Control-Allow-Credentials "true"',
    '    Header always merge Vary Origin',
    `    Header always set Access-Control-Allow-Methods ${dq(methods(f).join(', '))}`,
    `    Header always set Access-Control-Allow-Headers ${dq(heads(f).join(', '))}`,
    '    Header always set Access-Control-Max-Age "600"',
    '    RewriteEngine On',
    '    RewriteCond %{REQUEST_METHOD} OPTIONS',
    '    RewriteRule ^ - [R=204,L]',
    ...(auth
      ? ['    # Authenticate everything except the credential-less preflight', '    <LimitExcept OPTIONS>', '        Require valid-user', '    </LimitExcept>']
      : []),
    '</Location>',
  ];
}
const apache = defineStack('Apache', 'apache', {
  config: ['Header always set, OPTIONS answered with 204', apacheConf],
  errors: ['"Header always set": without "always", error responses lose the headers', apacheConf],
  auth: ['Require valid-user for everything but OPTIONS', (f) => apacheConf(f, true)],
  throttle: ['"always" puts the headers on 429/503 from mod_evasive / mod_ratelimit too', apacheConf],
  origin: [
    "One Allow-Origin: unset the backend's copy before setting it",
    (f) => [
      '<Location "/api/">',
      '    Header always unset Access-Control-Allow-Origin',
      `    Header always set Access-Control-Allow-Origin ${dq(f.origin)}`,
      f.credentialed && '    Header always set Access-Control-Allow-Credentials "true"',
      '    Header always merge Vary Origin',
      '</Location>',
    ],
  ],
});

// ---------------------------------------------------------------- Caddy
function caddyfile(f: FixContext, opts: { auth?: boolean; errors?: boolean } = {}): Line[] {
  return [
    'api.example.com {',
    '	header {',
    `		Access-Control-Allow-Origin ${dq(f.origin)}`,
    f.credentialed && '		Access-Control-Allow-Credentials "true"',
    '		Vary Origin',
    '	}',
    '	@preflight method OPTIONS',
    '	handle @preflight {',
    `		header Access-Control-Allow-Methods ${dq(methods(f).join(', '))}`,
    `		header Access-Control-Allow-Headers ${dq(heads(f).join(', '))}`,
    '		header Access-Control-Max-Age "600"',
    '		respond 204',
    '	}',
    '	handle {',
    opts.auth && '		basic_auth {  # after the preflight handle: OPTIONS never reaches it',
    opts.auth && '			user $2a$14$hash',
    opts.auth && '		}',
    '		reverse_proxy localhost:8080',
    '	}',
    ...(opts.errors
      ? [
          '	handle_errors {',
          `		header Access-Control-Allow-Origin ${dq(f.origin)}`,
          f.credentialed && '		header Access-Control-Allow-Credentials "true"',
          '		respond "{err.status_code} {err.status_text}"',
          '	}',
        ]
      : []),
    '}',
  ];
}
const caddyErrors = (f: FixContext) => caddyfile(f, { errors: true });
const caddy = defineStack('Caddy', 'caddyfile', {
  config: ['Caddyfile: headers on every response, OPTIONS answered first', caddyfile],
  errors: ["handle_errors: Caddy's own error responses need the headers too", caddyErrors],
  auth: ['Answer the preflight in its own handle, before basic_auth / forward_auth', (f) => caddyfile(f, { auth: true })],
  throttle: ["handle_errors: a rate limiter's 429 gets the headers too", caddyErrors],
  origin: [
    "One Allow-Origin: strip the upstream's copy",
    (f) => ['reverse_proxy localhost:8080 {', '	header_down -Access-Control-Allow-Origin', '}', `header Access-Control-Allow-Origin ${dq(f.origin)}`],
  ],
});

// ---------------------------------------------------------------- Envoy
function envoyYaml(f: FixContext): Line[] {
  return [
    '# HTTP connection manager: the CORS filter must come before the router filter.',
    'http_filters:',
    '  - name: envoy.filters.http.cors',
    '    typed_config:',
    '      "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.Cors',
    '  - name: envoy.filters.http.router',
    '    typed_config:',
    '      "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router',
    '# Virtual host (or route): the policy the CORS filter applies.',
    'typed_per_filter_config:',
    '  envoy.filters.http.cors:',
    '    "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy',
    '    allow_origin_string_match:',
    `      - exact: ${dq(f.origin)}`,
    `    allow_methods: ${dq(methods(f).join(','))}`,
    `    allow_headers: ${dq(heads(f).join(','))}`,
    f.credentialed && '    allow_credentials: true',
    '    max_age: "600"',
  ];
}
const envoy = defineStack('Envoy', 'yaml', {
  config: ['CORS filter before the router, CorsPolicy on the virtual host', envoyYaml],
  errors: ['CorsPolicy on the virtual host (covers local replies and upstream errors)', envoyYaml],
  auth: ['CORS filter listed before ext_authz / jwt_authn: preflights are answered first', envoyYaml],
  throttle: ['CORS filter before local_ratelimit / ratelimit', envoyYaml],
  origin: ['One exact allowed origin', envoyYaml],
});

// ---------------------------------------------------------------- Kong
function kongYaml(f: FixContext): Line[] {
  return [
    '# kong.yml (decK / DB-less). The cors plugin runs before auth and rate-limiting plugins',
    '# (higher priority) and answers preflights itself.',
    'plugins:',
    '  - name: cors',
    '    config:',
    '      origins:',
    `        - ${dq(f.origin)}`,
    '      methods:',
    ...methods(f).map((m) => `        - ${m}`),
    '      headers:',
    ...heads(f).map((h) => `        - ${h}`),
    `      credentials: ${f.credentialed ? 'true' : 'false'}`,
    '      max_age: 600',
    '      preflight_continue: false',
  ];
}
const kong = defineStack('Kong', 'yaml', {
  config: ['The cors plugin on the route or service', kongYaml],
  errors: ["The cors plugin globally, so Kong's own errors carry the headers", kongYaml],
  auth: ['The cors plugin on the same route as key-auth/jwt: it answers OPTIONS first', kongYaml],
  throttle: ['The cors plugin next to rate-limiting', kongYaml],
  origin: ['One exact origin (and no CORS headers from the upstream too)', kongYaml],
});

// ---------------------------------------------------------------- Traefik
function traefikYaml(f: FixContext, ...extra: string[]): Line[] {
  return [
    '# Dynamic configuration. The headers middleware answers preflights itself;',
    '# list it FIRST on the router, before auth and rate-limit middlewares.',
    'http:',
    '  middlewares:',
    '    cors:',
    '      headers:',
    '        accessControlAllowOriginList:',
    `          - ${dq(f.origin)}`,
    '        accessControlAllowMethods:',
    ...methods(f).map((m) => `          - ${m}`),
    '        accessControlAllowHeaders:',
    ...heads(f).map((h) => `          - ${h}`),
    f.credentialed && '        accessControlAllowCredentials: true',
    '        accessControlMaxAge: 600',
    '        addVaryHeader: true',
    ...extra,
    '  routers:',
    '    api:',
    '      rule: PathPrefix(`/api`)',
    '      service: api',
    '      middlewares:',
    '        - cors',
    extra.length > 0 && '        - limit',
  ];
}
const traefik = defineStack('Traefik', 'yaml', {
  config: ['headers middleware with accessControl* options', traefikYaml],
  errors: ['cors middleware first on the router', traefikYaml],
  auth: ["cors before forwardAuth/basicAuth in the router's middlewares", traefikYaml],
  throttle: [
    'cors before rateLimit: the 429 gets the headers',
    (f) => traefikYaml(f, '    limit:', '      rateLimit:', '        average: 100', '        burst: 50'),
  ],
  origin: ['One exact origin', traefikYaml],
});

// ---------------------------------------------------------------- Azure Front Door / APIM
const afd = defineStack('Azure Front Door', 'text', {
  config: [
    'Rule set: add the CORS headers at the edge (errors from the origin included)',
    (f) => [
      'az afd rule-set create --profile-name <profile> --resource-group <rg> --rule-set-name Cors',
      'az afd rule create --profile-name <profile> --resource-group <rg> --rule-set-name Cors \\',
      '  --rule-name AllowOrigin --order 1 \\',
      '  --match-variable RequestHeader --selector Origin --operator Equal \\',
      `  --match-values ${dq(f.origin)} \\`,
      '  --action-name ModifyResponseHeader --header-action Overwrite \\',
      `  --header-name Access-Control-Allow-Origin --header-value ${dq(f.origin)}`,
      '# Front Door forwards OPTIONS to the origin: the origin must answer the preflight (2xx).',
      "# Front Door's own errors (and WAF blocks) need a WAF custom response to show up.",
    ],
    'shell',
  ],
  origin: [
    'One Allow-Origin: Overwrite (not Append) when the origin sends its own',
    (f) => [
      'Front Door > Rule set > ModifyResponseHeader',
      'Action: Overwrite   (Append would send a second value)',
      `Header: Access-Control-Allow-Origin = ${f.origin}`,
    ],
  ],
});
function apimPolicy(f: FixContext): Line[] {
  return [
    '<policies>',
    '  <inbound>',
    '    <!-- First in <inbound>, before validate-jwt, check-header and rate-limit policies -->',
    `    <cors allow-credentials="${f.credentialed ? 'true' : 'false'}" terminate-unmatched-request="false">`,
    '      <allowed-origins>',
    `        <origin>${f.origin}</origin>`,
    '      </allowed-origins>',
    '      <allowed-methods preflight-result-max-age="600">',
    ...methods(f).map((m) => `        <method>${m}</method>`),
    '      </allowed-methods>',
    '      <allowed-headers>',
    ...heads(f).map((h) => `        <header>${h}</header>`),
    '      </allowed-headers>',
    '    </cors>',
    '    <base />',
    '  </inbound>',
    '  <on-error>',
    '    <base />',
    '    <!-- Errors skip <outbound>: echo the header here so a 401/429/500 is readable -->',
    '    <set-header name="Access-Control-Allow-Origin" exists-action="override">',
    `      <value>${f.origin}</value>`,
    '    </set-header>',
    '  </on-error>',
    '</policies>',
  ];
}
const apim = defineStack('Azure API Management', 'xml', {
  config: ['The cors policy, first in <inbound>', apimPolicy],
  errors: ['CORS header in <on-error> too', apimPolicy],
  auth: ['cors before validate-jwt: APIM answers the preflight', apimPolicy],
  throttle: ['rate-limit after cors; the 429 goes through <on-error>', apimPolicy],
  origin: ["One origin from the cors policy (remove the backend's copy)", apimPolicy],
});

// ---------------------------------------------------------------- Google Cloud
const cloudRun: Snip = [
  'Cloud Run: the container answers CORS (OPTIONS included); let preflights in',
  () => [
    "# Cloud Run passes OPTIONS to your container: answer it there (see your framework's snippet).",
    '# With "Require authentication", Google\'s front end refuses the credential-less preflight',
    '# with 403 before your code runs. Either allow unauthenticated calls and check tokens in the app:',
    'gcloud run services add-iam-policy-binding <service> --region <region> \\',
    '  --member=allUsers --role=roles/run.invoker',
    '# ...or put API Gateway / a load balancer with CORS in front.',
  ],
];
const gcp = defineStack('Google Cloud', 'shell', {
  config: [
    cloudRun,
    [
      'API Gateway (ESPv2): let OPTIONS reach the backend',
      (f) => [
        'swagger: "2.0"',
        'info:',
        '  title: api',
        '  version: "1.0"',
        'x-google-endpoints:',
        '  - name: "<api-id>.apigateway.<project>.cloud.goog"',
        '    allowCors: true',
        '# Then every path needs an "options" operation (no security) routed to a backend',
        `# that answers with Access-Control-Allow-Origin: ${f.origin}`,
      ],
      'yaml',
    ],
    [
      'Cloud Storage bucket CORS (gcloud storage buckets update gs://BUCKET --cors-file=cors.json)',
      (f) => JSON.stringify([{ origin: [f.origin], method: actualMethods(f), responseHeader: heads(f), maxAgeSeconds: 600 }], null, 2),
      'json',
    ],
  ],
  auth: cloudRun,
});

// ---------------------------------------------------------------- Vercel / Netlify
/**
 * vercel.json, in the "routes" form (header names as keys). The newer "headers" form spells each
 * header as {"key": …, "value": …}, and a value under a name like "key" is masked as a secret in
 * every export (report/redact.ts), which would hide the very header names the fix is about.
 */
const vercelJson = (f: FixContext) =>
  JSON.stringify(
    {
      routes: [
        {
          src: '/api/(.*)',
          headers: {
            'Access-Control-Allow-Origin': f.origin,
            ...(f.credentialed ? { 'Access-Control-Allow-Credentials': 'true' } : {}),
            'Access-Control-Allow-Methods': methods(f).join(', '),
            'Access-Control-Allow-Headers': heads(f).join(', '),
            Vary: 'Origin',
          },
          continue: true,
        },
      ],
    },
    null,
    2,
  );
const vercel = defineStack('Vercel', 'json', {
  config: [
    ['vercel.json: CORS headers on /api responses', vercelJson],
    [
      'Next.js route handler: answer the preflight',
      () => [
        '// app/api/<route>/route.ts — vercel.json adds headers, but OPTIONS still needs a 2xx answer',
        'export function OPTIONS() {',
        '  return new Response(null, { status: 204 });',
        '}',
      ],
      'ts',
    ],
  ],
  errors: ['vercel.json headers also apply to error responses of the route', vercelJson],
  origin: ['One Allow-Origin: set it in vercel.json OR in the function, not both', vercelJson],
});
const netlifyHeaders = (f: FixContext): Line[] => [
  '# _headers (in the publish directory). Applies to static files and redirects;',
  '# Netlify Functions must set the same headers on their own responses (OPTIONS included).',
  '/api/*',
  `  Access-Control-Allow-Origin: ${f.origin}`,
  f.credentialed && '  Access-Control-Allow-Credentials: true',
  `  Access-Control-Allow-Methods: ${methods(f).join(', ')}`,
  `  Access-Control-Allow-Headers: ${heads(f).join(', ')}`,
  '  Vary: Origin',
];
const netlify = defineStack('Netlify', 'text', {
  config: [
    ['_headers: CORS headers for /api/*', netlifyHeaders],
    [
      'Netlify Function: answer OPTIONS and add the headers',
      (f) => [
        'const cors = {',
        `  'Access-Control-Allow-Origin': ${dq(f.origin)},`,
        f.credentialed && "  'Access-Control-Allow-Credentials': 'true',",
        `  'Access-Control-Allow-Methods': ${dq(methods(f).join(', '))},`,
        `  'Access-Control-Allow-Headers': ${dq(heads(f).join(', '))},`,
        "  Vary: 'Origin',",
        '};',
        'export default async (req: Request): Promise<Response> => {',
        "  if (req.method === 'OPTIONS') return new Response(null, { status: 204, headers: cors });",
        "  return new Response(JSON.stringify({ ok: true }), { headers: { ...cors, 'Content-Type': 'application/json' } });",
        '};',
      ],
      'ts',
    ],
  ],
  origin: ['One Allow-Origin: _headers or the function, not both', netlifyHeaders],
});

// ---------------------------------------------------------------- Fastly / Akamai / Cloudflare
const fastlyVcl = (f: FixContext): Line[] => [
  '# VCL snippet, type "deliver": runs for origin responses and Fastly\'s own synthetic errors.',
  `if (req.http.Origin == ${dq(f.origin)}) {`,
  '  set resp.http.Access-Control-Allow-Origin = req.http.Origin;',
  f.credentialed && '  set resp.http.Access-Control-Allow-Credentials = "true";',
  '  if (resp.http.Vary) { set resp.http.Vary = resp.http.Vary ", Origin"; } else { set resp.http.Vary = "Origin"; }',
  '}',
];
const fastly = defineStack('Fastly', 'vcl', {
  config: ['Add the CORS headers in vcl_deliver (origin errors and 503s included)', fastlyVcl],
  origin: ['One Allow-Origin: set (not add) it in vcl_deliver', fastlyVcl],
});
const akamaiHeader = (name: string, value: string) => ({
  name: 'modifyOutgoingResponseHeader',
  options: { action: 'MODIFY', standardModifyHeaderName: 'OTHER', customHeaderName: name, newHeaderValue: value, avoidDuplicateHeaders: true },
});
const akamaiRule = (f: FixContext) =>
  JSON.stringify(
    {
      name: 'CORS',
      criteria: [{ name: 'requestHeader', options: { headerName: 'Origin', matchOperator: 'IS_ONE_OF', values: [f.origin] } }],
      behaviors: [akamaiHeader('Access-Control-Allow-Origin', f.origin), ...(f.credentialed ? [akamaiHeader('Access-Control-Allow-Credentials', 'true')] : [])],
    },
    null,
    2,
  );
const akamai = defineStack('Akamai', 'json', {
  config: ['Property Manager rule: Modify Outgoing Response Header', akamaiRule],
  origin: ['One Allow-Origin (avoidDuplicateHeaders)', akamaiRule],
});
const cloudflare = defineStack('Cloudflare', 'text', {
  config: [
    'Transform Rules: add the CORS headers at the edge',
    (f) => [
      'Cloudflare dashboard > Rules > Transform Rules > Modify Response Header > Create rule',
      `When: (http.request.headers["origin"][0] eq ${dq(f.origin)})`,
      `Set static: Access-Control-Allow-Origin = ${f.origin}`,
      f.credentialed && 'Set static: Access-Control-Allow-Credentials = true',
      "Cloudflare's own error pages (5xx, challenges, WAF blocks) are not changed by these rules:",
      'fix the cause they name, and exempt API calls from challenges.',
    ],
  ],
});

// ---------------------------------------------------------------- Heroku / Fly.io
const heroku = defineStack('Heroku', 'shell', {
  config: [
    "The router's own errors (H12 timeout, H10 crash, H13…) never carry CORS headers",
    (f) => [
      '# Find the H-code of the failing request:',
      'heroku logs --tail --app <app> | grep -E "code=H[0-9]+"',
      '# H12 = the app did not answer within 30 s; H10/H13 = the dyno crashed or closed the',
      "# connection. Fix that in the app; its own responses need its framework's CORS setup:",
      `#   Access-Control-Allow-Origin: ${f.origin}`,
    ],
  ],
});
const fly = defineStack('Fly.io', 'toml', {
  config: [
    'fly.toml: the proxy answers 502/503 itself when no machine can take the request',
    (f) => [
      '[http_service]',
      '  internal_port = 8080',
      '  auto_start_machines = true',
      '  min_machines_running = 1',
      '  [http_service.concurrency]',
      '    type = "requests"',
      '    soft_limit = 200',
      '    hard_limit = 250',
      "# The Fly proxy's own errors have no CORS headers: check `fly logs -a <app>`;",
      "# the app's responses need its framework's CORS setup:",
      `#   Access-Control-Allow-Origin: ${f.origin}`,
    ],
  ],
});

/** Every non-AWS stack with snippets, by the kind that names it, in the order they are offered when nothing better is known: common app servers first. */
export const STACKS: Partial<Record<GatewayKind, StackFixes>> = {
  express,
  fastify,
  nginx,
  flask,
  django,
  fastapi,
  spring,
  aspnet,
  rails,
  php,
  apache,
  caddy,
  envoy,
  kong,
  traefik,
  'azure-apim': apim,
  'azure-front-door': afd,
  'google-cloud': gcp,
  vercel,
  netlify,
  fastly,
  akamai,
  cloudflare,
  heroku,
  fly,
};
export const STACK_ORDER = Object.keys(STACKS) as GatewayKind[];

export function stackSnippets(kind: GatewayKind, fix: StackFixKind, f: FixContext): FixSnippet[] {
  const s = STACKS[kind];
  if (!s) return [];
  const fn = s[fix] ?? s.config;
  return fn(f);
}

/** One sentence: what to change so a throttled request shows up as one, in the stack's words. */
const THROTTLE_REMEDY: Partial<Record<GatewayKind, string>> = {
  'aws-api-gateway-rest':
    "Add CORS headers to the gateway's error responses (DEFAULT_4XX), retry with backoff, and raise the limits if this traffic is expected.",
  'aws-api-gateway-http':
    'Return CORS headers from the integration, retry with backoff, and raise the stage or route throttling limits if this traffic is expected.',
  cloudfront: "Add CORS headers to the gateway's error responses, retry with backoff, and raise the limits if this traffic is expected.",
  nginx:
    'Set limit_req_status 429 and add the CORS headers with "always" (so the page can read the refusal and back off); raise rate or burst if this traffic is expected.',
  express: 'Mount cors() before the rate limiter (express-rate-limit), so its 429 carries CORS headers and the page can back off.',
  fastify: 'Register @fastify/cors before @fastify/rate-limit, so the 429 carries CORS headers and the page can back off.',
  flask: "Keep Flask-Cors on the whole app (its headers then reach Flask-Limiter's 429) and back off on 429.",
  django: "Put CorsMiddleware first in MIDDLEWARE, so the throttle's 429 carries CORS headers, and back off on 429.",
  fastapi: 'Keep the rate limiter inside CORSMiddleware, so its 429 carries CORS headers, and back off on 429.',
  spring: 'Order the rate-limit filter after the CorsFilter, so its refusal carries CORS headers, and back off on 429.',
  aspnet: 'Call UseRateLimiter after UseCors and set RejectionStatusCode = 429 (the default is 503), then back off on 429.',
  rails: 'Insert rack-cors at position 0 (before Rack::Attack), so throttled responses carry CORS headers, and back off on 429.',
  kong: 'Add the cors plugin next to rate-limiting, so its 429 carries CORS headers, and back off on 429.',
  traefik: 'List the CORS headers middleware before rateLimit on the router, and back off on 429.',
  'azure-apim': 'Keep the cors policy first in <inbound> and echo the CORS headers in <on-error>, then back off on 429.',
};

export function throttleRemedy(kind: GatewayKind | null): string {
  return (
    (kind && THROTTLE_REMEDY[kind]) ||
    "Make the rate limiter's refusals carry CORS headers (CORS handling first, the limiter after it), retry with backoff, and raise the limits if this traffic is expected."
  );
}
