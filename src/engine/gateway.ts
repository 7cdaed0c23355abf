/**
 * Who answered a leg: AWS API Gateway (REST or HTTP API), CloudFront, Cloudflare, Azure API
 * Management, nginx, or a generic server. Decided from response headers and the host name only.
 */
import type { Evidence, GatewayKind, Leg } from './schema';
import { sameHeaderName, type HeaderIndex } from './headers';

export interface GatewayInfo {
  kind: GatewayKind;
  evidence: Evidence[];
  /** CloudFront seen in front of the API Gateway that answered (edge-optimized API or distribution). */
  behindCloudFront: boolean;
}

function ev(leg: Leg, name: string, value: string | null, why: string): Evidence {
  return { leg, kind: 'response-header', name, value, why };
}

/** An API Gateway default host, read from the URL without the (slow) URL parser. */
const EXECUTE_API = /^https?:\/\/([^/?#@:]+\.execute-api\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?)(?::\d+)?(?:[/?#]|$)/i;

/** The response headers a fingerprint reads, gathered in one pass over the list. */
interface Marks {
  via: string;
  server: string;
  xCache: string;
  cfId: string | null;
  httpId: string | null;
  apigwId: string | null;
  errType: string | null;
  amznReq: string | null;
  cfRay: string | null;
  mitigated: string | null;
  apim: string | null;
  apimTrace: string | null;
}

const join = (a: string | null, b: string): string => (a === null ? b : `${a}, ${b}`);

/**
 * One pass, names compared by length first: every exchange is fingerprinted, and a dozen
 * separate lookups over a twenty-header list cost more than the rest of a passing exchange.
 */
function marks(list: HeaderIndex['list']): Marks {
  let via: string | null = null;
  let server: string | null = null;
  let xCache: string | null = null;
  const m: Marks = { via: '', server: '', xCache: '', cfId: null, httpId: null, apigwId: null, errType: null, amznReq: null, cfRay: null, mitigated: null, apim: null, apimTrace: null };
  for (let i = 0; i < list.length; i++) {
    const { name, value } = list[i]!;
    switch (name.length) {
      case 3:
        if (sameHeaderName(name, 'via')) via = join(via, value);
        break;
      case 6:
        if (sameHeaderName(name, 'server')) server = join(server, value);
        else if (sameHeaderName(name, 'cf-ray')) m.cfRay = join(m.cfRay, value);
        break;
      case 7:
        if (sameHeaderName(name, 'x-cache')) xCache = join(xCache, value);
        break;
      case 11:
        if (sameHeaderName(name, 'x-amz-cf-id')) m.cfId = join(m.cfId, value);
        break;
      case 12:
        if (sameHeaderName(name, 'cf-mitigated')) m.mitigated = join(m.mitigated, value);
        break;
      case 14:
        if (sameHeaderName(name, 'x-amz-apigw-id')) m.apigwId = join(m.apigwId, value);
        break;
      case 15:
        if (sameHeaderName(name, 'apigw-requestid')) m.httpId = join(m.httpId, value);
        else if (sameHeaderName(name, 'apim-request-id')) m.apim = join(m.apim, value);
        break;
      case 16:
        if (sameHeaderName(name, 'x-amzn-errortype')) m.errType = join(m.errType, value);
        else if (sameHeaderName(name, 'x-amzn-requestid')) m.amznReq = join(m.amznReq, value);
        break;
      case 23:
        if (sameHeaderName(name, 'ocp-apim-trace-location')) m.apimTrace = join(m.apimTrace, value);
        break;
    }
  }
  m.via = via ?? '';
  m.server = server ?? '';
  m.xCache = xCache ?? '';
  return m;
}

/** Fingerprint one response. Returns null when the leg got no response at all. */
export function fingerprint(leg: Leg, headers: HeaderIndex, url: string, status: number): GatewayInfo | null {
  if (status === 0 && headers.list.length === 0) return null;
  const evidence: Evidence[] = [];
  const mk = marks(headers.list);
  const via = mk.via;
  const rawServer = mk.server;
  const server = rawServer.toLowerCase();
  const xCache = mk.xCache;
  const cfId = mk.cfId;
  const cloudfront = /cloudfront/i.test(via) || cfId !== null || /cloudfront/i.test(xCache) || server === 'cloudfront';
  const cfEv: Evidence[] = [];
  if (cloudfront) {
    if (cfId !== null) cfEv.push(ev(leg, 'X-Amz-Cf-Id', cfId, 'set by CloudFront'));
    if (/cloudfront/i.test(via)) cfEv.push(ev(leg, 'Via', via, 'names CloudFront'));
    if (/cloudfront/i.test(xCache)) cfEv.push(ev(leg, 'X-Cache', xCache, 'set by CloudFront'));
    if (!cfEv.length) cfEv.push(ev(leg, 'Server', rawServer, 'CloudFront'));
  }
  const httpId = mk.httpId;
  if (httpId !== null) {
    evidence.push(ev(leg, 'apigw-requestid', httpId, 'sent by API Gateway HTTP APIs'));
    return { kind: 'aws-api-gateway-http', evidence, behindCloudFront: cloudfront };
  }
  const apigwId = mk.apigwId;
  const errType = mk.errType;
  const amznReq = mk.amznReq;
  const hostMatch = EXECUTE_API.exec(url);
  const executeApi = hostMatch !== null;
  const host = hostMatch ? hostMatch[1]!.toLowerCase() : '';
  if (apigwId !== null || errType !== null || (amznReq !== null && (executeApi || cloudfront))) {
    if (apigwId !== null) evidence.push(ev(leg, 'x-amz-apigw-id', apigwId, 'sent by API Gateway REST APIs'));
    if (amznReq !== null) evidence.push(ev(leg, 'x-amzn-RequestId', amznReq, 'AWS request id'));
    if (errType !== null) evidence.push(ev(leg, 'x-amzn-ErrorType', errType, 'error generated by API Gateway'));
    if (executeApi) evidence.push({ leg, kind: 'request-header', name: 'host', value: host, why: 'an execute-api host' });
    return { kind: 'aws-api-gateway-rest', evidence, behindCloudFront: cloudfront };
  }
  if (cloudfront) return { kind: 'cloudfront', evidence: cfEv, behindCloudFront: false };
  const cfRay = mk.cfRay;
  const mitigated = mk.mitigated;
  if (cfRay !== null || mitigated !== null || server === 'cloudflare') {
    if (mitigated !== null) evidence.push(ev(leg, 'cf-mitigated', mitigated, 'set by Cloudflare'));
    if (cfRay !== null) evidence.push(ev(leg, 'cf-ray', cfRay, 'set by Cloudflare'));
    if (server === 'cloudflare') evidence.push(ev(leg, 'Server', rawServer, 'Cloudflare'));
    return { kind: 'cloudflare', evidence, behindCloudFront: false };
  }
  const apim = mk.apim ?? mk.apimTrace;
  if (apim !== null) {
    evidence.push(ev(leg, 'apim-request-id', apim, 'sent by Azure API Management'));
    return { kind: 'azure-apim', evidence, behindCloudFront: false };
  }
  if (amznReq !== null) {
    // x-amzn-RequestId alone (Lambda function URLs, other AWS front doors): AWS, but not surely API Gateway.
    evidence.push(ev(leg, 'x-amzn-RequestId', amznReq, 'AWS request id (API Gateway not certain)'));
    return { kind: 'aws-api-gateway-rest', evidence, behindCloudFront: false };
  }
  if (server.startsWith('nginx') || server.startsWith('openresty')) {
    evidence.push(ev(leg, 'Server', rawServer, 'nginx'));
    return { kind: 'nginx', evidence, behindCloudFront: false };
  }
  if (executeApi && status > 0) {
    // Headers stripped (e.g. by the producer), but the host is API Gateway's.
    evidence.push({ leg, kind: 'request-header', name: 'host', value: host, why: 'an execute-api host' });
    return { kind: 'aws-api-gateway-rest', evidence, behindCloudFront: false };
  }
  return { kind: 'generic', evidence: [], behindCloudFront: false };
}

export const GATEWAY_LABEL: Record<GatewayKind, string> = {
  'aws-api-gateway-rest': 'AWS API Gateway (REST API)',
  'aws-api-gateway-http': 'AWS API Gateway (HTTP API)',
  cloudfront: 'Amazon CloudFront',
  cloudflare: 'Cloudflare',
  'azure-apim': 'Azure API Management',
  nginx: 'nginx',
  generic: 'the server',
};
