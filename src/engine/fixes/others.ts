/**
 * Fix snippets for HTTP APIs, CloudFront/WAF and Cloudflare challenges (servers and platforms: stacks.ts).
 */
import type { FixSnippet } from '../schema';
import { allowHeaders, allowMethods, dq, hostOf, snip, type FixContext } from './context';

/** HTTP API: built-in corsConfiguration, answered before routes and authorizers. */
export function httpApiCors(f: FixContext): FixSnippet[] {
  const methods = allowMethods(f);
  const heads = allowHeaders(f).map((h) => h.toLowerCase());
  return [
    snip('AWS console', 'text', 'Configure CORS on the HTTP API', [
      'API Gateway console > your HTTP API > CORS > Configure',
      `Access-Control-Allow-Origin: ${f.origin}`,
      `Access-Control-Allow-Methods: ${methods.join(', ')}`,
      `Access-Control-Allow-Headers: ${heads.join(', ')}`,
      ...(f.credentialed ? ['Access-Control-Allow-Credentials: Yes'] : []),
      'With CORS configured, API Gateway answers preflights itself, before any route or authorizer,',
      'and ignores CORS headers returned by the integration. Auto-deploy stages pick it up at once.',
    ]),
    snip('SAM', 'yaml', 'CorsConfiguration on AWS::Serverless::HttpApi', [
      'Resources:',
      '  MyHttpApi:',
      '    Type: AWS::Serverless::HttpApi',
      '    Properties:',
      '      CorsConfiguration:',
      '        AllowOrigins:',
      `          - ${dq(f.origin)}`,
      '        AllowMethods:',
      ...methods.map((m) => `          - ${m}`),
      '        AllowHeaders:',
      ...heads.map((h) => `          - ${h}`),
      ...(f.credentialed ? ['        AllowCredentials: true'] : []),
      '        MaxAge: 600',
    ]),
    snip('CDK', 'ts', 'corsPreflight on HttpApi', [
      "new apigwv2.HttpApi(this, 'Api', {",
      '  corsPreflight: {',
      `    allowOrigins: [${dq(f.origin)}],`,
      `    allowMethods: [${methods.map((m) => `apigwv2.CorsHttpMethod.${m}`).join(', ')}],`,
      `    allowHeaders: [${heads.map(dq).join(', ')}],`,
      ...(f.credentialed ? ['    allowCredentials: true,'] : []),
      '    maxAge: Duration.minutes(10),',
      '  },',
      '});',
    ]),
    snip('Terraform', 'hcl', 'cors_configuration on aws_apigatewayv2_api', [
      'resource "aws_apigatewayv2_api" "api" {',
      '  name          = "api"',
      '  protocol_type = "HTTP"',
      '  cors_configuration {',
      `    allow_origins = [${dq(f.origin)}]`,
      `    allow_methods = [${methods.map(dq).join(', ')}]`,
      `    allow_headers = [${heads.map(dq).join(', ')}]`,
      ...(f.credentialed ? ['    allow_credentials = true'] : []),
      '    max_age       = 600',
      '  }',
      '}',
    ]),
  ];
}

export function wafCustomResponse(f: FixContext): FixSnippet[] {
  return [
    snip('AWS CLI', 'shell', 'Find the WAF rule that blocked the request', [
      '# CloudFront web ACLs live in us-east-1 with scope CLOUDFRONT; API Gateway ones use REGIONAL.',
      'aws wafv2 get-sampled-requests --scope REGIONAL --web-acl-arn <web-acl-arn> \\',
      '  --rule-metric-name <rule-metric-name> --max-items 100 \\',
      '  --time-window StartTime=$(date -u -d "-1 hour" +%s),EndTime=$(date -u +%s)',
    ]),
    snip('Terraform', 'hcl', 'Block with a custom response that carries Allow-Origin (so the page sees the 403)', [
      'action {',
      '  block {',
      '    custom_response {',
      '      response_code = 403',
      '      response_header {',
      '        name  = "Access-Control-Allow-Origin"',
      `        value = ${dq(f.origin)}`,
      '      }',
      '    }',
      '  }',
      '}',
    ]),
  ];
}

export function cloudflareChallenge(f: FixContext): FixSnippet[] {
  const host = hostOf(f.url) || 'api.example.com';
  return [
    snip('Cloudflare', 'text', 'Skip challenges for API calls', [
      'Cloudflare dashboard > Security > WAF > Custom rules > Create rule',
      `Expression: (http.host eq ${dq(host)})`,
      'Action: Skip > all remaining custom rules, Super Bot Fight Mode, and managed challenges',
      'fetch() cannot solve an interactive challenge: API hosts called from scripts should not get one.',
    ]),
    snip('Terraform', 'hcl', 'Cloudflare Access: let preflights through', [
      'resource "cloudflare_access_application" "api" {',
      '  zone_id                  = var.zone_id',
      `  domain                   = ${dq(host)}`,
      '  options_preflight_bypass = true',
      '}',
    ]),
  ];
}

/** Generic: the headers any server must send, for stacks without a dedicated snippet. */
export function genericHeaders(f: FixContext, leg: 'preflight' | 'actual'): FixSnippet[] {
  const lines =
    leg === 'preflight'
      ? [
          'HTTP/1.1 204 No Content',
          `Access-Control-Allow-Origin: ${f.origin}`,
          `Access-Control-Allow-Methods: ${allowMethods(f).join(', ')}`,
          `Access-Control-Allow-Headers: ${allowHeaders(f).join(', ')}`,
          ...(f.credentialed ? ['Access-Control-Allow-Credentials: true'] : []),
          'Access-Control-Max-Age: 600',
          'Vary: Origin',
        ]
      : [`Access-Control-Allow-Origin: ${f.origin}`, ...(f.credentialed ? ['Access-Control-Allow-Credentials: true'] : []), 'Vary: Origin'];
  return [
    snip(
      'Any server',
      'text',
      leg === 'preflight' ? 'What the preflight answer must look like' : 'Headers every response (errors included) must carry',
      lines.join('\n'),
    ),
  ];
}
