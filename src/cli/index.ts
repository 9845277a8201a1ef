#!/usr/bin/env node
import { describeError, asCliError } from './cli-errors';
import { runCli } from './cli-main';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${describeError(asCliError(error))}\n`);
    process.exitCode = 1;
  },
);
