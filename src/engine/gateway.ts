/**
 * Who answered a leg: a CDN or platform edge, a gateway or proxy, a web server, an application
 * framework, or "generic" when nothing identifies it. Decided from response headers and the host
 * name only. Sources for every mark: docs/stacks.md.
 *
 * Layers: a response can carry the marks of several layers (CloudFront in front of nginx,
 * Cloudflare in front of Express, nginx in front of Flask). `kind` is the layer that produced the
 * response: the innermost one that left a mark, since an outer layer that answers by itself (an
 * edge error page, nginx's limit_req 503) carries no mark of the layers behind it. `layers` lists
 * every layer recognised, outermost first, when there is more than one.
 */
import type { Basis, Confidence, Evidence, GatewayKind, Leg } from './schema';
import type { HeaderIndex } from './headers';
import type { KnownResponseHeaders } from '../model/known-headers';

interface GatewayLayer {
  kind: GatewayKind;
  evidence: Evidence[];
  /** observed: the layer names itself in a header. inferred: a library default or a host name. */
  basis: Basis;
  confidence: Confidence;
}

export interface GatewayInfo {
  kind: GatewayKind;
  evidence: Evidence[];
  /** CloudFront seen in front of the API Gateway that answered (edge-optimized API or distribution). */
  behindCloudFront: boolean;
  /** How `kind` is known (see GatewayLayer). */
  basis: Basis;
  confidence: Confidence;
  /** Every layer recognised, outermost first, when more than one was: `kind` is the last. */
  layers: GatewayLayer[] | null;
}

function ev(leg: Leg, name: string, value: string | null, why: string): Evidence {
  return { leg, kind: 'response-header', name, value, why };
}

/** An API Gateway default host, read from the URL without the (slow) URL parser. */
const EXECUTE_API = /^https?:\/\/([^/?#@:]+\.execute-api\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?)(?::\d+)?(?:[/?#]|$)/i;
/** The host of an absolute URL or origin, without the URL parser. */
const HOST = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/?#@]*@)?([^/?#:]+)/i;

/** Platform default host names (docs/stacks.md): suffix → kind. */
const HOST_SUFFIXES: ReadonlyArray<readonly [string, GatewayKind]> = [
  ['.vercel.app', 'vercel'],
  ['.netlify.app', 'netlify'],
  ['.netlify.com', 'netlify'],
  ['.herokuapp.com', 'heroku'],
  ['.fly.dev', 'fly'],
  ['.run.app', 'google-cloud'],
  ['.appspot.com', 'google-cloud'],
  ['.cloudfunctions.net', 'google-cloud'],
  ['.gateway.dev', 'google-cloud'],
  ['.azurefd.net', 'azure-front-door'],
  ['.edgesuite.net', 'akamai'],
  ['.edgekey.net', 'akamai'],
  ['.akamaized.net', 'akamai'],
  ['.fastly.net', 'fastly'],
  ['.fastlylb.net', 'fastly'],
  ['.azure-api.net', 'azure-apim'],
];

interface HostFacts {
  /** The host, lower-case, when it is a platform's default host; "" otherwise. */
  platformHost: string;
  platform: GatewayKind | null;
}

const NO_HOST: HostFacts = { platformHost: '', platform: null };

/**
 * Which platform's default host the URL names. Read only past API Gateway's own marks, which
 * decide alone. Computed per call: a cache of the answers per origin won no more than 6% on any
 * line of bench/analyze.bench.ts in a same-run A/B (CPU of "pairing + analysis" 568 vs 605 ms,
 * "analyze(entries)" 809 vs 815 ms, load 6-7), under the 10% a speed device must win.
 */
function hostFacts(url: string): HostFacts {
  const host = (HOST.exec(url)?.[1] ?? '').toLowerCase();
  for (const [suffix, platform] of HOST_SUFFIXES) if (host.endsWith(suffix)) return { platformHost: host, platform };
  return NO_HOST;
}

const CLOUDFRONT = /cloudfront/i;

/** A Via or X-Cache value naming CloudFront. (A regex literal in place would be a new object per call.) */
function namesCloudFront(value: string): boolean {
  return value.length >= 10 && CLOUDFRONT.test(value);
}

const FASTLY_SERVED_BY = /(?:^|,\s*)cache-[a-z0-9-]+/i;
const FASTLY_TIMER = /^S\d+(?:\.\d+)?,VS\d+/;
const GOOGLE_VIA = /(?:^|,\s*)1\.1 google(?:$|,)/i;
const HEROKU_VIA = /vegur|heroku-router/i;
const FLY_VIA = /fly\.io/i;
const KONG_VIA = /kong\//i;
/** Spring's CorsUtils/DefaultCorsProcessor vary on all three request headers of a preflight. */
const SPRING_VARY = /access-control-request-method/i;
const SPRING_VARY_2 = /access-control-request-headers/i;
/** Fastify sets its server's keepAliveTimeout to 72 s (Node's default is 5 s). */
const FASTIFY_KEEP_ALIVE = /^timeout=72$/i;

function layer(kind: GatewayKind, evidence: Evidence[], basis: Basis, confidence: Confidence): GatewayLayer {
  return { kind, evidence, basis, confidence };
}

const hostEv = (leg: Leg, host: string, why: string): Evidence => ({ leg, kind: 'request-header', name: 'host', value: host, why });

/**
 * A layer observed (high) from the marks it left on the response, else inferred (medium) from its
 * platform's default host name (`hostWhy`); nothing without either. Marks are given as
 * `condition && evidence`, in the order they are listed.
 */
function markedLayer(out: GatewayLayer[], kind: GatewayKind, marks: Array<Evidence | false>, leg: Leg, host: HostFacts, hostWhy = ''): void {
  const e = marks.filter((m): m is Evidence => m !== false);
  if (e.length) out.push(layer(kind, e, 'observed', 'high'));
  else if (hostWhy && host.platform === kind) out.push(layer(kind, [hostEv(leg, host.platformHost, hostWhy)], 'inferred', 'medium'));
}

/** CDNs, platform edges and gateways, outermost first. Each adds at most one layer. */
function edgeLayers(leg: Leg, mk: Readonly<KnownResponseHeaders>, server: string, rawServer: string, via: string, host: HostFacts, out: GatewayLayer[]): void {
  const xCache = mk.xCache ?? '';
  // CloudFront
  const cfId = mk.amzCfId;
  const viaCf = namesCloudFront(via);
  const xCacheCf = namesCloudFront(xCache);
  if (viaCf || cfId !== null || xCacheCf || server === 'cloudfront') {
    const e: Evidence[] = [];
    if (cfId !== null) e.push(ev(leg, 'X-Amz-Cf-Id', cfId, 'set by CloudFront'));
    if (viaCf) e.push(ev(leg, 'Via', via, 'names CloudFront'));
    if (xCacheCf) e.push(ev(leg, 'X-Cache', xCache, 'set by CloudFront'));
    if (!e.length) e.push(ev(leg, 'Server', rawServer, 'CloudFront'));
    out.push(layer('cloudfront', e, 'observed', 'high'));
  }
  markedLayer(
    out,
    'cloudflare',
    [
      mk.cfMitigated !== null && ev(leg, 'cf-mitigated', mk.cfMitigated, 'set by Cloudflare'),
      mk.cfRay !== null && ev(leg, 'cf-ray', mk.cfRay, 'set by Cloudflare'),
      server === 'cloudflare' && ev(leg, 'Server', rawServer, 'Cloudflare'),
    ],
    leg,
    host,
  );
  const servedBy = mk.xServedBy;
  const timer = mk.xTimer;
  markedLayer(
    out,
    'fastly',
    [
      servedBy !== null && FASTLY_SERVED_BY.test(servedBy) && ev(leg, 'X-Served-By', servedBy, 'Fastly cache node'),
      timer !== null && FASTLY_TIMER.test(timer) && ev(leg, 'X-Timer', timer, 'set by Fastly'),
    ],
    leg,
    host,
    'a Fastly host',
  );
  // Akamai
  if (mk.akamaiName !== null || server.startsWith('akamaighost') || server.startsWith('akamainetstorage') || host.platform === 'akamai') {
    const e: Evidence[] = [];
    if (mk.akamaiName !== null) e.push(ev(leg, mk.akamaiName, mk.akamai, 'set by Akamai'));
    if (server.startsWith('akamai')) e.push(ev(leg, 'Server', rawServer, 'Akamai edge server'));
    const seen = e.length > 0;
    if (!seen) e.push(hostEv(leg, host.platformHost, 'an Akamai edge host'));
    out.push(layer('akamai', e, seen ? 'observed' : 'inferred', seen ? 'high' : 'medium'));
  }
  const afdRef = mk.xAzureRef;
  markedLayer(out, 'azure-front-door', [afdRef !== null && ev(leg, 'X-Azure-Ref', afdRef, 'set by Azure Front Door')], leg, host, 'an Azure Front Door host');
  // Google Cloud: Google Frontend (App Engine, Cloud Run, Cloud Functions), the Google load balancer's Via, the trace header.
  const gfe = server === 'google frontend' || server === 'esf';
  const gVia = GOOGLE_VIA.test(via);
  if (gfe || gVia || mk.xCloudTraceContext !== null || host.platform === 'google-cloud') {
    const e: Evidence[] = [];
    if (gfe) e.push(ev(leg, 'Server', rawServer, "Google's front end (App Engine, Cloud Run, Cloud Functions)"));
    if (gVia) e.push(ev(leg, 'Via', via, 'Google Cloud load balancer'));
    if (mk.xCloudTraceContext !== null) e.push(ev(leg, 'X-Cloud-Trace-Context', mk.xCloudTraceContext, 'set by Google Cloud'));
    const seen = e.length > 0;
    if (host.platform === 'google-cloud') e.push(hostEv(leg, host.platformHost, 'a Google Cloud host'));
    out.push(layer('google-cloud', e, seen ? 'observed' : 'inferred', seen ? 'high' : 'medium'));
  }
  const vercelId = mk.xVercelId;
  const vercelMarks = [vercelId !== null && ev(leg, 'x-vercel-id', vercelId, 'set by Vercel'), server === 'vercel' && ev(leg, 'Server', rawServer, 'Vercel')];
  markedLayer(out, 'vercel', vercelMarks, leg, host, 'a Vercel host');
  const nfId = mk.xNfRequestId;
  const netlifyMarks = [nfId !== null && ev(leg, 'x-nf-request-id', nfId, 'set by Netlify'), server === 'netlify' && ev(leg, 'Server', rawServer, 'Netlify')];
  markedLayer(out, 'netlify', netlifyMarks, leg, host, 'a Netlify host');
  markedLayer(out, 'heroku', [via !== '' && HEROKU_VIA.test(via) && ev(leg, 'Via', via, "Heroku's router")], leg, host, 'a Heroku app host');
  const flyId = mk.flyRequestId;
  markedLayer(
    out,
    'fly',
    [
      flyId !== null && ev(leg, 'fly-request-id', flyId, 'set by the Fly.io proxy'),
      server.startsWith('fly/') && ev(leg, 'Server', rawServer, 'Fly.io proxy'),
      via !== '' && FLY_VIA.test(via) && ev(leg, 'Via', via, 'Fly.io proxy'),
    ],
    leg,
    host,
    'a Fly.io app host',
  );
  const apim = mk.apimRequestId ?? mk.apimTraceLocation;
  markedLayer(
    out,
    'azure-apim',
    [apim !== null && ev(leg, 'apim-request-id', apim, 'sent by Azure API Management')],
    leg,
    host,
    'an Azure API Management host',
  );
  const kongName = mk.kongName;
  markedLayer(
    out,
    'kong',
    [
      kongName !== null && ev(leg, kongName, mk.kong, 'set by Kong Gateway'),
      via !== '' && KONG_VIA.test(via) && ev(leg, 'Via', via, 'Kong Gateway'),
      server.startsWith('kong/') && ev(leg, 'Server', rawServer, 'Kong Gateway'),
    ],
    leg,
    host,
  );
  // Envoy (Istio, Contour, Ambassador/Emissary, Gloo)
  const envoyTime = mk.xEnvoyUpstreamServiceTime;
  const envoyMarks = [
    (server === 'envoy' || server === 'istio-envoy') && ev(leg, 'Server', rawServer, 'Envoy'),
    envoyTime !== null && ev(leg, 'x-envoy-upstream-service-time', envoyTime, 'set by Envoy'),
  ];
  markedLayer(out, 'envoy', envoyMarks, leg, host);
  // Traefik sends no mark of its own by default: only a Server header someone set names it.
  if (server.includes('traefik')) out.push(layer('traefik', [ev(leg, 'Server', rawServer, 'Traefik')], 'observed', 'high'));
}

/** Web servers named by their Server header (also reverse proxies in front of an app). */
function webServerLayer(leg: Leg, server: string, rawServer: string, afterKong: boolean): GatewayLayer | null {
  const named = (kind: GatewayKind, why: string) => layer(kind, [ev(leg, 'Server', rawServer, why)], 'observed', 'high');
  if (server.startsWith('nginx') || (server.startsWith('openresty') && !afterKong)) return named('nginx', 'nginx');
  if (server.startsWith('apache')) return named('apache', 'Apache httpd');
  if (server.startsWith('caddy')) return named('caddy', 'Caddy');
  if (server.startsWith('microsoft-iis')) return named('aspnet', 'IIS');
  return null;
}

/** Application frameworks, from their own headers or, inferred, from their defaults. */
function appLayer(leg: Leg, mk: Readonly<KnownResponseHeaders>, server: string, rawServer: string): GatewayLayer | null {
  const seen = (kind: GatewayKind, name: string, value: string, why: string) => layer(kind, [ev(leg, name, value, why)], 'observed', 'high');
  const guess = (kind: GatewayKind, confidence: Confidence, ...e: Array<[string, string | null, string]>) =>
    layer(
      kind,
      e.map(([name, value, why]) => ev(leg, name, value, why)),
      'inferred',
      confidence,
    );
  const pb = mk.xPoweredBy;
  if (pb !== null) {
    if (pb === 'Express') return seen('express', 'X-Powered-By', pb, 'set by Express on every response unless disabled');
    if (pb.startsWith('PHP/')) return seen('php', 'X-Powered-By', pb, 'set by PHP (expose_php)');
    if (pb.startsWith('ASP.NET')) return seen('aspnet', 'X-Powered-By', pb, 'set by ASP.NET / IIS');
  }
  if (server.startsWith('kestrel')) return seen('aspnet', 'Server', rawServer, 'Kestrel, the ASP.NET Core server');
  if (mk.xAspNetVersion !== null) return seen('aspnet', 'X-AspNet-Version', mk.xAspNetVersion, 'set by ASP.NET');
  if (server.startsWith('werkzeug')) return guess('flask', 'high', ['Server', rawServer, "Werkzeug, Flask's development server"]);
  if (server.startsWith('uvicorn') || server.startsWith('hypercorn'))
    return guess('fastapi', 'medium', ['Server', rawServer, 'an ASGI server; FastAPI is its most common app (Starlette apps look the same)']);
  if (server.startsWith('wsgiserver/')) return guess('django', 'medium', ['Server', rawServer, "Python's wsgiref server, which Django's runserver uses"]);
  const vary = mk.vary;
  if (vary !== null && SPRING_VARY.test(vary) && SPRING_VARY_2.test(vary))
    return guess('spring', 'high', ['Vary', vary, "Spring's CORS processing varies on Origin and both Access-Control-Request-* headers"]);
  if (mk.xXssProtection === '0' && mk.cacheControl === 'no-cache, no-store, max-age=0, must-revalidate')
    return guess('spring', 'medium', ['X-XSS-Protection', '0', "Spring Security's default"], ['Cache-Control', mk.cacheControl, "Spring Security's default"]);
  if (mk.xRuntime !== null) return guess('rails', 'medium', ['X-Runtime', mk.xRuntime, 'Rack::Runtime, in the Rails middleware stack']);
  if (mk.crossOriginOpenerPolicy === 'same-origin' && mk.referrerPolicy === 'same-origin' && mk.xFrameOptions === 'DENY')
    return guess(
      'django',
      'medium',
      ['Referrer-Policy', 'same-origin', "Django's SecurityMiddleware default"],
      ['Cross-Origin-Opener-Policy', 'same-origin', "Django's default"],
      ['X-Frame-Options', 'DENY', "Django's default"],
    );
  if (pb === null && mk.keepAlive !== null && FASTIFY_KEEP_ALIVE.test(mk.keepAlive))
    return guess(
      'fastify',
      'medium',
      ['Keep-Alive', mk.keepAlive, "Fastify's keepAliveTimeout default (72 s; Node's own is 5 s)"],
      ['X-Powered-By', null, 'absent (Express would send it)'],
    );
  return null;
}

/**
 * Fingerprint one response. `url` may be the request URL or just its origin (the engine passes
 * the target origin). Returns null when the leg got no response at all.
 */
export function fingerprint(leg: Leg, headers: HeaderIndex, url: string, status: number): GatewayInfo | null {
  if (status === 0 && headers.list.length === 0) return null;
  // Read from what normalise picked out of the list: no scan here.
  const mk = headers.known;
  const via = mk.via ?? '';
  const rawServer = mk.server ?? '';
  const server = rawServer.toLowerCase();
  const xCache = mk.xCache ?? '';
  const cloudfront = namesCloudFront(via) || mk.amzCfId !== null || namesCloudFront(xCache) || server === 'cloudfront';
  // AWS API Gateway first: its own request ids decide it, whatever is in front.
  const evidence: Evidence[] = [];
  const httpId = mk.apigwRequestId;
  if (httpId !== null) {
    evidence.push(ev(leg, 'apigw-requestid', httpId, 'sent by API Gateway HTTP APIs'));
    return aws('aws-api-gateway-http', evidence, cloudfront, 'high');
  }
  const apigwId = mk.amzApigwId;
  const errType = mk.amznErrorType;
  const amznReq = mk.amznRequestId;
  // The URL's execute-api host, lower-case ('' when it is not one).
  const executeApi = EXECUTE_API.exec(url)?.[1]?.toLowerCase() ?? '';
  if (apigwId !== null || errType !== null || (amznReq !== null && (executeApi !== '' || cloudfront))) {
    if (apigwId !== null) evidence.push(ev(leg, 'x-amz-apigw-id', apigwId, 'sent by API Gateway REST APIs'));
    if (amznReq !== null) evidence.push(ev(leg, 'x-amzn-RequestId', amznReq, 'AWS request id'));
    if (errType !== null) evidence.push(ev(leg, 'x-amzn-ErrorType', errType, 'error generated by API Gateway'));
    if (executeApi !== '') evidence.push(hostEv(leg, executeApi, 'an execute-api host'));
    return aws('aws-api-gateway-rest', evidence, cloudfront, 'high');
  }

  const layers: GatewayLayer[] = [];
  edgeLayers(leg, mk, server, rawServer, via, hostFacts(url), layers);
  if (amznReq !== null && layers.length === 0) {
    // x-amzn-RequestId alone (Lambda function URLs, other AWS front doors): AWS, but not surely API Gateway.
    evidence.push(ev(leg, 'x-amzn-RequestId', amznReq, 'AWS request id (API Gateway not certain)'));
    return aws('aws-api-gateway-rest', evidence, false, 'medium');
  }
  const web = webServerLayer(leg, server, rawServer, layers.length > 0 && layers[layers.length - 1]!.kind === 'kong');
  if (web) layers.push(web);
  const app = appLayer(leg, mk, server, rawServer);
  if (app && !(web && web.kind === app.kind)) layers.push(app);
  if (layers.length === 0) {
    if (executeApi !== '' && status > 0) {
      // Headers stripped (e.g. by the producer), but the host is API Gateway's.
      return aws('aws-api-gateway-rest', [hostEv(leg, executeApi, 'an execute-api host')], false, 'medium');
    }
    return GENERIC;
  }
  const answered = layers[layers.length - 1]!;
  return {
    kind: answered.kind,
    evidence: answered.evidence,
    behindCloudFront: false,
    basis: answered.basis,
    confidence: answered.confidence,
    layers: layers.length > 1 ? layers : null,
  };
}

function aws(kind: GatewayKind, evidence: Evidence[], behindCloudFront: boolean, confidence: Confidence): GatewayInfo {
  return { kind, evidence, behindCloudFront, basis: confidence === 'high' ? 'observed' : 'inferred', confidence, layers: null };
}

/** Nothing identified the server: one shared, frozen answer. */
const GENERIC: GatewayInfo = Object.freeze({
  kind: 'generic',
  evidence: Object.freeze([]) as unknown as Evidence[],
  behindCloudFront: false,
  basis: 'inferred',
  confidence: 'low',
  layers: null,
});

export const GATEWAY_LABEL: Record<GatewayKind, string> = {
  'aws-api-gateway-rest': 'AWS API Gateway (REST API)',
  'aws-api-gateway-http': 'AWS API Gateway (HTTP API)',
  cloudfront: 'Amazon CloudFront',
  cloudflare: 'Cloudflare',
  'azure-apim': 'Azure API Management',
  nginx: 'nginx',
  express: 'Express',
  fastify: 'Fastify',
  flask: 'Flask (Werkzeug)',
  django: 'Django',
  fastapi: 'FastAPI (uvicorn)',
  spring: 'Spring',
  aspnet: 'ASP.NET Core / IIS',
  rails: 'Ruby on Rails',
  php: 'PHP',
  apache: 'Apache httpd',
  caddy: 'Caddy',
  envoy: 'Envoy',
  kong: 'Kong Gateway',
  traefik: 'Traefik',
  'azure-front-door': 'Azure Front Door',
  'google-cloud': 'Google Cloud',
  vercel: 'Vercel',
  netlify: 'Netlify',
  fastly: 'Fastly',
  akamai: 'Akamai',
  heroku: 'Heroku',
  fly: 'Fly.io',
  generic: 'the server',
};

/** Every kind, in the order docs/stacks.md lists them. */
export const GATEWAY_KINDS = Object.keys(GATEWAY_LABEL) as GatewayKind[];
