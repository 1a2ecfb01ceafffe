#!/usr/bin/env node
// The `pasker` command. Pasker is written in TypeScript and runs through tsx,
// so there is no build step between editing and running.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
