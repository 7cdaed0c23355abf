/**
 * Fix snippets for AWS API Gateway REST APIs (and the Lambda proxy integrations behind them).
 * Every YAML snippet avoids CloudFormation short-form tags (!Ref) so that it parses as plain YAML.
 */
import type { FixSnippet } from '../schema';
import { allowHeaders, allowMethods, dq, snip, sq, type FixContext } from './context';

/** The stage a template names: the request's, or "prod" when the URL did not show one. */
const stageName = (f: FixContext) => (f.stage === '<stage>' ? 'prod' : f.stage);
/** The head of a SAM template's REST API, down to its StageName. */
const samApi = (f: FixContext) => ['Resources:', '  MyApi:', '    Type: AWS::Serverless::Api', '    Properties:', `      StageName: ${dq(stageName(f))}`];
/** The head of a serverless.yml function, down to its http event on the request's path and method. */
const slsHttpEvent = (f: FixContext) => [
  'functions:',
  '  api:',
  '    handler: handler.main',
  '    events:',
  '      - http:',
  `          path: ${dq(f.resourcePath.replace(/^\//, '') || '/')}`,
  `          method: ${f.method.toLowerCase()}`,
];

function corsHeaderLines(f: FixContext, prefix: string, indent: string, sep: ': '): string[] {
  const lines = [`${indent}${prefix}Access-Control-Allow-Origin${sep}${dq(sq(f.origin))}`];
  lines.push(`${indent}${prefix}Access-Control-Allow-Headers${sep}${dq(sq(allowHeaders(f).join(',')))}`);
  if (f.credentialed) lines.push(`${indent}${prefix}Access-Control-Allow-Credentials${sep}${dq(sq('true'))}`);
  return lines;
}

/** CORS headers on API Gateway's own error responses (DEFAULT_4XX / DEFAULT_5XX). */
export function gatewayResponses(f: FixContext): FixSnippet[] {
  const types = ['DEFAULT_4XX', 'DEFAULT_5XX'];
  const console = snip('AWS console', 'text', 'Add CORS headers to Gateway Responses', [
    'API Gateway console > APIs > your REST API > Gateway responses',
    '1. Select "Default 4XX" > Edit > Response headers > Add header:',
    `   Access-Control-Allow-Origin = ${sq(f.origin)}`,
    `   Access-Control-Allow-Headers = ${sq(allowHeaders(f).join(','))}`,
    ...(f.credentialed ? [`   Access-Control-Allow-Credentials = 'true'`] : []),
    '2. Save, then do the same for "Default 5XX".',
    `3. Resources > Deploy API > stage "${f.stage}" (nothing changes until the stage is redeployed).`,
  ]);
  const sam = snip('SAM', 'yaml', 'Gateway Responses with CORS headers (AWS::Serverless::Api)', [
    ...samApi(f),
    '      GatewayResponses:',
    ...types.flatMap((t) => [`        ${t}:`, '          ResponseParameters:', '            Headers:', ...corsHeaderLines(f, '', '              ', ': ')]),
  ]);
  const cfn = snip('CloudFormation', 'yaml', 'AWS::ApiGateway::GatewayResponse for 4XX and 5XX', [
    'Resources:',
    ...types.flatMap((t) => [
      `  ${t === 'DEFAULT_4XX' ? 'Default4xxWithCors' : 'Default5xxWithCors'}:`,
      '    Type: AWS::ApiGateway::GatewayResponse',
      '    Properties:',
      '      RestApiId:',
      '        Ref: MyApi',
      `      ResponseType: ${t}`,
      '      ResponseParameters:',
      ...corsHeaderLines(f, 'gatewayresponse.header.', '        ', ': '),
    ]),
  ]);
  const cdk = snip(
    'CDK',
    'ts',
    'RestApi.addGatewayResponse for 4XX and 5XX',
    types.flatMap((t) => [
      `api.addGatewayResponse(${dq(t === 'DEFAULT_4XX' ? 'Default4xxCors' : 'Default5xxCors')}, {`,
      `  type: apigateway.ResponseType.${t},`,
      '  responseHeaders: {',
      `    'Access-Control-Allow-Origin': ${dq(sq(f.origin))},`,
      `    'Access-Control-Allow-Headers': ${dq(sq(allowHeaders(f).join(',')))},`,
      ...(f.credentialed ? [`    'Access-Control-Allow-Credentials': "'true'",`] : []),
      '  },',
      '});',
    ]),
  );
  const tf = snip(
    'Terraform',
    'hcl',
    'aws_api_gateway_gateway_response for 4XX and 5XX',
    types.flatMap((t, i) => [
      i > 0 && '',
      `resource "aws_api_gateway_gateway_response" "${t.toLowerCase()}" {`,
      '  rest_api_id   = aws_api_gateway_rest_api.api.id',
      `  response_type = "${t}"`,
      '  response_parameters = {',
      `    "gatewayresponse.header.Access-Control-Allow-Origin"  = ${dq(sq(f.origin))}`,
      `    "gatewayresponse.header.Access-Control-Allow-Headers" = ${dq(sq(allowHeaders(f).join(',')))}`,
      ...(f.credentialed ? [`    "gatewayresponse.header.Access-Control-Allow-Credentials" = "'true'"`] : []),
      '  }',
      '}',
    ]),
  );
  const sls = snip('Serverless Framework', 'yaml', 'Gateway Responses in serverless.yml', [
    'resources:',
    '  Resources:',
    ...types.flatMap((t) => [
      `    GatewayResponse${t === 'DEFAULT_4XX' ? 'Default4XX' : 'Default5XX'}:`,
      '      Type: AWS::ApiGateway::GatewayResponse',
      '      Properties:',
      `        ResponseType: ${t}`,
      '        RestApiId:',
      '          Ref: ApiGatewayRestApi',
      '        ResponseParameters:',
      ...corsHeaderLines(f, 'gatewayresponse.header.', '          ', ': '),
    ]),
  ]);
  return [console, sam, cdk, tf, sls, cfn];
}

/** Redeploy the stage: API Gateway serves the last deployment, not the console's current state. */
export function redeploy(f: FixContext): FixSnippet[] {
  return [
    snip(
      'AWS CLI',
      'shell',
      'Redeploy the stage',
      `aws apigateway create-deployment --rest-api-id <api-id> --stage-name ${f.stage} --description "Deploy CORS changes"`,
    ),
    snip('Terraform', 'hcl', 'Redeploy whenever the API changes', [
      'resource "aws_api_gateway_deployment" "api" {',
      '  rest_api_id = aws_api_gateway_rest_api.api.id',
      '  triggers = {',
      '    redeployment = sha1(jsonencode(aws_api_gateway_rest_api.api.body))',
      '  }',
      '  lifecycle {',
      '    create_before_destroy = true',
      '  }',
      '}',
    ]),
  ];
}

/** An unauthenticated OPTIONS method that answers the preflight (MOCK integration). */
export function optionsMethod(f: FixContext): FixSnippet[] {
  const methods = allowMethods(f).join(',');
  const heads = allowHeaders(f);
  const console = snip('AWS console', 'text', 'Create the OPTIONS method', [
    `API Gateway console > your REST API > Resources > select ${f.resourcePath}`,
    '1. "Enable CORS" (or Create method > OPTIONS > Mock, Authorization: NONE, API key required: off).',
    `2. Access-Control-Allow-Methods: ${methods}`,
    `3. Access-Control-Allow-Headers: ${heads.join(',')}`,
    `4. Access-Control-Allow-Origin: ${f.origin}`,
    `5. Deploy API > stage "${f.stage}". Without a deployment the stage keeps answering 403.`,
  ]);
  const sam = snip('SAM', 'yaml', 'Let SAM create OPTIONS methods (Cors)', [
    ...samApi(f),
    '      Cors:',
    `        AllowOrigin: ${dq(sq(f.origin))}`,
    `        AllowMethods: ${dq(sq(methods))}`,
    `        AllowHeaders: ${dq(sq(heads.join(',')))}`,
    ...(f.credentialed ? ['        AllowCredentials: true'] : []),
    `        MaxAge: "'600'"`,
  ]);
  const cdk = snip('CDK', 'ts', 'defaultCorsPreflightOptions on the RestApi', [
    "const api = new apigateway.RestApi(this, 'Api', {",
    '  defaultCorsPreflightOptions: {',
    `    allowOrigins: [${dq(f.origin)}],`,
    `    allowMethods: [${allowMethods(f).map(dq).join(', ')}],`,
    `    allowHeaders: [${heads.map(dq).join(', ')}],`,
    ...(f.credentialed ? ['    allowCredentials: true,'] : []),
    '  },',
    '});',
  ]);
  const tf = snip('Terraform', 'hcl', 'OPTIONS method with a MOCK integration', [
    'resource "aws_api_gateway_method" "options" {',
    '  rest_api_id   = aws_api_gateway_rest_api.api.id',
    '  resource_id   = aws_api_gateway_resource.this.id',
    '  http_method   = "OPTIONS"',
    '  authorization = "NONE"',
    '}',
    '',
    'resource "aws_api_gateway_integration" "options" {',
    '  rest_api_id       = aws_api_gateway_rest_api.api.id',
    '  resource_id       = aws_api_gateway_resource.this.id',
    '  http_method       = aws_api_gateway_method.options.http_method',
    '  type              = "MOCK"',
    '  request_templates = { "application/json" = "{\\"statusCode\\": 200}" }',
    '}',
    '',
    'resource "aws_api_gateway_method_response" "options" {',
    '  rest_api_id = aws_api_gateway_rest_api.api.id',
    '  resource_id = aws_api_gateway_resource.this.id',
    '  http_method = aws_api_gateway_method.options.http_method',
    '  status_code = "200"',
    '  response_parameters = {',
    '    "method.response.header.Access-Control-Allow-Origin"  = true',
    '    "method.response.header.Access-Control-Allow-Methods" = true',
    '    "method.response.header.Access-Control-Allow-Headers" = true',
    '  }',
    '}',
    '',
    'resource "aws_api_gateway_integration_response" "options" {',
    '  rest_api_id = aws_api_gateway_rest_api.api.id',
    '  resource_id = aws_api_gateway_resource.this.id',
    '  http_method = aws_api_gateway_method.options.http_method',
    '  status_code = aws_api_gateway_method_response.options.status_code',
    '  response_parameters = {',
    `    "method.response.header.Access-Control-Allow-Origin"  = ${dq(sq(f.origin))}`,
    `    "method.response.header.Access-Control-Allow-Methods" = ${dq(sq(methods))}`,
    `    "method.response.header.Access-Control-Allow-Headers" = ${dq(sq(heads.join(',')))}`,
    '  }',
    '  depends_on = [aws_api_gateway_integration.options]',
    '}',
  ]);
  const sls = snip('Serverless Framework', 'yaml', 'cors on the http event (creates the OPTIONS method)', [
    ...slsHttpEvent(f),
    '          cors:',
    `            origin: ${dq(f.origin)}`,
    '            headers:',
    ...heads.map((h) => `              - ${h}`),
    ...(f.credentialed ? ['            allowCredentials: true'] : []),
  ]);
  return [console, sam, cdk, tf, sls];
}

/** Keep authorizers and API keys off the OPTIONS method. */
export function authorizerOffOptions(f: FixContext): FixSnippet[] {
  const heads = allowHeaders(f);
  return [
    snip('AWS console', 'text', 'Make OPTIONS unauthenticated', [
      `API Gateway console > your REST API > Resources > ${f.resourcePath} > OPTIONS > Method request > Edit`,
      '1. Authorization: NONE. API key required: false.',
      `2. Deploy API > stage "${f.stage}".`,
      'The preflight never carries Authorization, cookies or an API key, so any check on OPTIONS rejects it.',
    ]),
    snip('SAM', 'yaml', 'Keep the default authorizer off the preflight', [
      ...samApi(f),
      '      Cors:',
      `        AllowOrigin: ${dq(sq(f.origin))}`,
      `        AllowHeaders: ${dq(sq(heads.join(',')))}`,
      '      Auth:',
      '        DefaultAuthorizer: MyAuthorizer',
      '        AddDefaultAuthorizerToCorsPreflight: false',
    ]),
    snip('CDK', 'ts', 'Authorizer per method, not in defaultMethodOptions', [
      "const api = new apigateway.RestApi(this, 'Api', {",
      '  defaultCorsPreflightOptions: {',
      `    allowOrigins: [${dq(f.origin)}],`,
      `    allowHeaders: [${heads.map(dq).join(', ')}],`,
      '  },',
      '  // No authorizer in defaultMethodOptions: it is applied to every method the construct',
      '  // adds, and can end up on the generated OPTIONS methods too.',
      '});',
      "const items = api.root.addResource('items');",
      `items.addMethod(${dq(f.method === 'OPTIONS' ? 'GET' : f.method)}, integration, {`,
      '  authorizer,',
      '  authorizationType: apigateway.AuthorizationType.CUSTOM,',
      '});',
    ]),
    snip('Terraform', 'hcl', 'OPTIONS method without authorization or API key', [
      'resource "aws_api_gateway_method" "options" {',
      '  rest_api_id      = aws_api_gateway_rest_api.api.id',
      '  resource_id      = aws_api_gateway_resource.this.id',
      '  http_method      = "OPTIONS"',
      '  authorization    = "NONE"',
      '  api_key_required = false',
      '}',
    ]),
    snip('Serverless Framework', 'yaml', 'Authorizer on the method; cors creates an open OPTIONS', [
      ...slsHttpEvent(f),
      '          cors: true',
      '          authorizer:',
      '            name: authorizer',
    ]),
  ];
}

/** Headers a Lambda proxy integration must return itself (API Gateway adds none). */
export function lambdaProxyHeaders(f: FixContext): FixSnippet[] {
  return [
    snip('Lambda (proxy integration)', 'js', 'Return CORS headers from the function, on errors too', [
      `const ALLOWED = [${dq(f.origin)}];`,
      '',
      'function corsHeaders(event) {',
      '  const origin = (event.headers || {}).origin || (event.headers || {}).Origin;',
      '  if (!ALLOWED.includes(origin)) return {};',
      '  return {',
      "    'Access-Control-Allow-Origin': origin,",
      ...(f.credentialed ? ["    'Access-Control-Allow-Credentials': 'true',"] : []),
      "    Vary: 'Origin',",
      '  };',
      '}',
      '',
      'export const handler = async (event) => {',
      '  try {',
      '    const result = await handle(event);',
      "    return { statusCode: 200, headers: { ...corsHeaders(event), 'Content-Type': 'application/json' }, body: JSON.stringify(result) };",
      '  } catch (err) {',
      '    console.error(err);',
      "    return { statusCode: 500, headers: corsHeaders(event), body: JSON.stringify({ message: 'Internal error' }) };",
      '  }',
      '};',
    ]),
  ];
}

export function throttling(f: FixContext): FixSnippet[] {
  return [
    snip(
      'AWS CLI',
      'shell',
      'See the stage throttling limits',
      `aws apigateway get-stage --rest-api-id <api-id> --stage-name ${f.stage} --query "methodSettings"`,
    ),
    snip('SAM', 'yaml', 'Raise stage throttling (MethodSettings)', [
      ...samApi(f),
      '      MethodSettings:',
      '        - ResourcePath: "/*"',
      '          HttpMethod: "*"',
      '          ThrottlingRateLimit: 100',
      '          ThrottlingBurstLimit: 200',
    ]),
    snip('Terraform', 'hcl', 'Raise stage throttling (aws_api_gateway_method_settings)', [
      'resource "aws_api_gateway_method_settings" "all" {',
      '  rest_api_id = aws_api_gateway_rest_api.api.id',
      '  stage_name  = aws_api_gateway_stage.this.stage_name',
      '  method_path = "*/*"',
      '  settings {',
      '    throttling_rate_limit  = 100',
      '    throttling_burst_limit = 200',
      '  }',
      '}',
    ]),
  ];
}

export function quota(f: FixContext): FixSnippet[] {
  return [
    snip('AWS CLI', 'shell', "Check the key's usage against its plan", [
      'aws apigateway get-usage-plans --key-id <api-key-id>',
      'aws apigateway get-usage --usage-plan-id <plan-id> --key-id <api-key-id> --start-date 2025-01-01 --end-date 2025-01-31',
    ]),
    snip('Terraform', 'hcl', 'Usage plan quota', [
      'resource "aws_api_gateway_usage_plan" "plan" {',
      '  name = "standard"',
      '  api_stages {',
      '    api_id = aws_api_gateway_rest_api.api.id',
      `    stage  = ${dq(stageName(f))}`,
      '  }',
      '  quota_settings {',
      '    limit  = 100000',
      '    period = "MONTH"',
      '  }',
      '}',
    ]),
  ];
}

export function integrationTimeout(_f: FixContext): FixSnippet[] {
  return [
    snip('Terraform', 'hcl', 'Integration timeout (default and usual maximum 29 s)', [
      'resource "aws_api_gateway_integration" "this" {',
      '  rest_api_id             = aws_api_gateway_rest_api.api.id',
      '  resource_id             = aws_api_gateway_resource.this.id',
      '  http_method             = aws_api_gateway_method.this.http_method',
      '  type                    = "AWS_PROXY"',
      '  integration_http_method = "POST"',
      '  uri                     = aws_lambda_function.fn.invoke_arn',
      '  timeout_milliseconds    = 29000',
      '}',
    ]),
    snip('AWS CLI', 'shell', 'Find the slow invocation', 'aws logs tail /aws/lambda/<function-name> --since 15m --filter-pattern "Task timed out"'),
  ];
}

export function serverErrorLogs(_f: FixContext): FixSnippet[] {
  return [
    snip('AWS CLI', 'shell', 'Read the integration error', [
      'aws logs tail /aws/lambda/<function-name> --since 15m',
      'aws apigateway test-invoke-method --rest-api-id <api-id> --resource-id <resource-id> --http-method POST --body "{}"',
    ]),
  ];
}

export function accessDenied(_f: FixContext): FixSnippet[] {
  return [snip('AWS CLI', 'shell', 'Read the resource policy', 'aws apigateway get-rest-api --rest-api-id <api-id> --query policy --output text')];
}

export function apiKey(f: FixContext): FixSnippet[] {
  return [
    snip('AWS CLI', 'shell', 'Check the key is enabled and in a plan for this stage', [
      'aws apigateway get-api-keys --include-values --query "items[].{id:id,name:name,enabled:enabled}"',
      'aws apigateway get-usage-plans --key-id <api-key-id>',
    ]),
    snip('Terraform', 'hcl', 'Attach the key to a usage plan that covers the stage', [
      'resource "aws_api_gateway_usage_plan_key" "client" {',
      '  key_id        = aws_api_gateway_api_key.client.id',
      '  key_type      = "API_KEY"',
      '  usage_plan_id = aws_api_gateway_usage_plan.plan.id',
      '}',
      '',
      `# The plan's api_stages block must name stage ${dq(stageName(f))} of this API.`,
    ]),
  ];
}
