#!/usr/bin/env node
// `npx pasker`: the same command as bin/pasker.js (this tiny workspace only
// exists so that npm links it into node_modules/.bin).
import '../bin/pasker.js';
