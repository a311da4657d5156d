#!/usr/bin/env node
// The `duban` command. Sources are TypeScript run through tsx, so there is no build step
// between `git clone` and a working command.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/index.ts');
process.exitCode = await main(process.argv.slice(2));
