/**
 * The rule registry. One rule per file in this folder, the file name being the rule id.
 * Order matters only as the last ranking tie-breaker (see src/engine/run.ts): more specific rules first.
 */
import type { Rule } from '../engine/rule';
import notCorsNetworkError from './not-cors-network-error';
import preflightRedirect from './preflight-redirect';
import preflightMissingRoute from './preflight-missing-route';
import preflightAuthRequired from './preflight-auth-required';
import botChallenge from './bot-challenge';
import wafBlocked from './waf-blocked';
import invalidApiKey from './invalid-api-key';
import quotaExceeded from './quota-exceeded';
import throttled from './throttled';
import accessDenied from './access-denied';
import gatewayTimeout from './gateway-timeout';
import serverErrorWithoutCors from './server-error-without-cors';
import clientErrorWithoutCors from './client-error-without-cors';
import preflightNotOk from './preflight-not-ok';
import multipleAllowOrigin from './multiple-allow-origin';
import wildcardWithCredentials from './wildcard-with-credentials';
import originMismatch from './origin-mismatch';
import credentialsNotAllowed from './credentials-not-allowed';
import missingAllowOrigin from './missing-allow-origin';
import methodNotAllowed from './method-not-allowed';
import headerNotAllowed from './header-not-allowed';
import authorizationNotCoveredByWildcard from './authorization-not-covered-by-wildcard';
import stalePreflightCache from './stale-preflight-cache';
import corsBlockedUnexplained from './cors-blocked-unexplained';

export const RULES: readonly Rule[] = [
  notCorsNetworkError,
  preflightRedirect,
  preflightMissingRoute,
  preflightAuthRequired,
  botChallenge,
  wafBlocked,
  invalidApiKey,
  quotaExceeded,
  throttled,
  accessDenied,
  gatewayTimeout,
  serverErrorWithoutCors,
  clientErrorWithoutCors,
  preflightNotOk,
  multipleAllowOrigin,
  wildcardWithCredentials,
  originMismatch,
  credentialsNotAllowed,
  missingAllowOrigin,
  methodNotAllowed,
  headerNotAllowed,
  authorizationNotCoveredByWildcard,
  stalePreflightCache,
  corsBlockedUnexplained,
];
