/** Reusable response shapes for rule tests. */
import { API, PAGE, REST, exchange } from './har';

export const ACAO = { 'Access-Control-Allow-Origin': PAGE };
export const JSON_CT = { 'Content-Type': 'application/json' };
export const AUTH = { Authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' };

/** A REST OPTIONS mock answering 204 with CORS headers. */
export function pfOk(over: Record<string, string> = {}) {
  return {
    status: 204,
    responseHeaders: {
      ...REST,
      ...ACAO,
      'Access-Control-Allow-Methods': 'GET,POST,PUT,DELETE,OPTIONS',
      'Access-Control-Allow-Headers': 'Content-Type,Authorization,X-Api-Key',
      ...over,
    },
  };
}

/** A PUT of JSON to API after a passing preflight (pfOk), answered 200 with these headers; error: blocked by CORS. */
export function putAfterPreflight(responseHeaders: Record<string, string>, error?: string) {
  return exchange({ url: API, method: 'PUT', requestHeaders: JSON_CT, preflight: pfOk(), status: 200, responseHeaders, error });
}

/** An API Gateway REST generated error's headers (no CORS headers); the status is for the table's reader, the headers do not depend on it. */
export function gwError(_status: number, errorType?: string) {
  return { ...REST, 'Content-Type': 'application/json', ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}) };
}

export const HTTP_API = { 'apigw-requestid': 'Abc123=' };
export const NGINX = { Server: 'nginx/1.24.0' };
export const CLOUDFRONT = { Server: 'CloudFront', 'X-Cache': 'Error from cloudfront', Via: '1.1 abc.cloudfront.net (CloudFront)', 'X-Amz-Cf-Id': 'xyz==' };
export const CLOUDFLARE = { Server: 'cloudflare', 'cf-ray': '8a1b2c3d4e5f6a7b-FRA' };
