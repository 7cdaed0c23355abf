#!/usr/bin/env node
/**
 * `npm run fuzz`: the fuzz suite (test/unit/fuzz) at a larger size than in `npm test`.
 * FUZZ_RUNS (default 400 here, 12 in npm test) and FUZZ_SEED (default: a fixed seed) may be set;
 * a failure prints the seed and the path to replay it.
 */
import { spawnSync } from 'node:child_process';

const env = { ...process.env, FUZZ_RUNS: process.env.FUZZ_RUNS || '400' };
const r = spawnSync('npx', ['vitest', 'run', 'test/unit/fuzz', '--testTimeout=0'], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
