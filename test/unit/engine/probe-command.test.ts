import { describe, expect, it } from 'vitest';
import { makeFixContext } from '../../../src/engine/fixes/context';
import { probeCommand as probeCommandWords, writeCommand } from '../../../src/engine/fixes/probe';
import { analyze } from '../../../src/engine/analyze';
import { RULES } from '../../../src/rules/index';

const URL_ = 'https://a1.execute-api.eu-west-1.amazonaws.com/prod/items/1';
const probeCommand = (...args: Parameters<typeof probeCommandWords>) => writeCommand(probeCommandWords(...args));
const fix = (method: string, headers: string[], credentialed = false) =>
  makeFixContext({ origin: 'https://app.example.com', method, headers, credentialed, gateway: 'aws-api-gateway-rest', url: URL_ });

describe('probeCommand', () => {
  it('sends the method and the non-simple author headers, secrets replaced by placeholders', () => {
    const cmd = probeCommand(fix('PUT', ['authorization', 'content-type', 'x-trace']), [
      { name: 'Origin', value: 'https://app.example.com' },
      { name: 'Accept', value: 'application/json' },
      { name: 'Content-Type', value: 'application/json' },
      { name: 'Authorization', value: 'Bearer secret.jwt.value' },
      { name: 'X-Trace', value: "it's" },
      { name: 'Cache-Control', value: 'no-cache' },
    ]);
    expect(cmd).toBe(
      "cors-xray probe 'https://a1.execute-api.eu-west-1.amazonaws.com/prod/items/1' --origin 'https://app.example.com' -X PUT" +
        " -H 'Content-Type: application/json' -H 'Authorization: Bearer <token>' -H 'X-Trace: it'\\''s' --send-actual",
    );
    expect(cmd).not.toContain('secret');
    expect(cmd).not.toContain('Accept:');
    expect(cmd).not.toContain('Cache-Control');
  });
  it('omits -X for GET, adds --credentials for a credentialed request', () => {
    const cmd = probeCommand(fix('GET', [], true), [{ name: 'Cookie', value: 'sid=1' }]);
    expect(cmd).not.toContain('-X');
    expect(cmd).not.toContain('sid=1');
    expect(cmd).toMatch(/--credentials --send-actual$/);
  });
  it('with only a preflight recorded, sends the requested headers with placeholders', () => {
    const cmd = probeCommand(fix('DELETE', ['x-api-key', 'authorization']));
    expect(cmd).toContain("-X DELETE -H 'X-Api-Key: <api-key>' -H 'Authorization: Bearer <token>'");
  });
  it('reveal of a never-sent DELETE probes with DELETE and its headers', () => {
    const t = Date.UTC(2025, 0, 1);
    const e = (
      method: string,
      req: Array<{ name: string; value: string }>,
      status: number,
      res: Array<{ name: string; value: string }>,
      kind: string,
      err: string | null,
      dt: number,
    ) => ({
      startedDateTime: new Date(t + dt).toISOString(),
      time: 5,
      request: { method, url: URL_, headers: req },
      response: { status, headers: res },
      timings: { blocked: 5 },
      _resourceType: kind,
      _error: err,
      _initiator: kind === 'preflight' ? { type: 'preflight', url: URL_, requestId: '7' } : { type: 'script', url: 'https://app.example.com/a.js' },
      _requestId: kind === 'preflight' ? undefined : '7',
    });
    const a = analyze(
      [
        e(
          'DELETE',
          [
            { name: 'Origin', value: 'https://app.example.com' },
            { name: 'Authorization', value: 'Bearer abc.def' },
          ],
          0,
          [],
          'fetch',
          'net::ERR_FAILED',
          0,
        ),
        e(
          'OPTIONS',
          [
            { name: 'Origin', value: 'https://app.example.com' },
            { name: 'Access-Control-Request-Method', value: 'DELETE' },
            { name: 'Access-Control-Request-Headers', value: 'authorization' },
          ],
          403,
          [{ name: 'x-amzn-ErrorType', value: 'MissingAuthenticationTokenException' }],
          'preflight',
          null,
          1,
        ),
      ],
      RULES,
    );
    const probe = a.exchanges[0]!.reveal!.commands[0]!;
    expect(probe).toContain('-X DELETE');
    expect(probe).toContain("-H 'Authorization: Bearer <token>'");
    expect(probe).not.toContain('abc.def');
  });
});
