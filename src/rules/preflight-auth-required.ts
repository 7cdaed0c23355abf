import { defineRule } from '../engine/rule';
import { baseData, blockedBy, neverSentSentence, statusEvidenceSet, sentApiKey, statusSignal } from '../engine/rule-kit';

export default defineRule({
  meta: {
    id: 'preflight-auth-required',
    title: 'Authentication demanded on the preflight',
    severity: 'error',
    tier: 1,
    verdicts: ['cors-blocked'],
    description: 'The preflight got 401/403 from an authorizer, API key check or other auth layer; preflights never carry credentials.',
    hiddenStatus: 'observed',
    messages: {
      rest: '{{gateway}} rejected the preflight (OPTIONS) with {{status}} {{errorType}}. Browsers send the preflight without Authorization, cookies or API keys, so an authorizer, API key requirement or resource policy on OPTIONS always refuses it. Make the OPTIONS method unauthenticated (authorization NONE, no API key). {{neverSent}}',
      http: '{{gateway}} rejected the preflight (OPTIONS) with {{status}}. Without a CORS configuration, a catch-all route such as "ANY /{proxy+}" with an authorizer also receives OPTIONS, and the credential-less preflight fails the authorizer. Configure CORS on the API (it then answers preflights before routes and authorizers) or add an OPTIONS route without authorizer. {{neverSent}}',
      generic:
        '{{gateway}} rejected the preflight (OPTIONS) with {{status}}. Preflights never carry credentials, so an authentication layer that runs before CORS handling refuses them. Let OPTIONS through unauthenticated, or move the CORS handling in front of the auth check. {{neverSent}}',
    },
    headline: 'Auth on preflight — {{status}}',
  },
  detect(ctx) {
    // A preflight carries no credentials: any auth refusal of it, an API key check included, is this.
    const l = blockedBy(ctx, 'unauthorized', 'not-authorized', 'bad-signature', 'http-api-denied', 'forbidden');
    if (!l || l.leg !== 'preflight' || (statusSignal(l) === 'forbidden' && !sentApiKey(ctx))) return null;
    const kind = ctx.gateway?.kind;
    const messageId = kind === 'aws-api-gateway-rest' ? 'rest' : kind === 'aws-api-gateway-http' ? 'http' : 'generic';
    const ev = statusEvidenceSet(l, 'the preflight was refused by an auth layer');
    const www = l.headers.get('www-authenticate');
    if (www !== null) ev.push({ leg: 'preflight', kind: 'response-header', name: 'WWW-Authenticate', value: www, why: 'an auth challenge' });
    return {
      messageId,
      data: baseData(ctx, l, { neverSent: neverSentSentence(ctx) }),
      leg: 'preflight',
      basis: 'observed',
      confidence: l.status === 401 || l.errorType ? 'certain' : 'high',
      evidence: ev,
      fixes: { topics: ['auth-off-options', 'redeploy', 'probe'], leg: 'preflight' },
    };
  },
});
