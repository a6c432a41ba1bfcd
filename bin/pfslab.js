#!/usr/bin/env node
// The CLI is written in TypeScript; tsx's loader runs it without a build step so that
// `npx pfslab` works from a plain checkout after `npm ci`.
import { register } from 'tsx/esm/api';

register();
await import('../harness/run/cli.ts');
