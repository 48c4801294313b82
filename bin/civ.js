#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so `npx civ` never needs a build step.
require('tsx/cjs');
require('../cli/cli.ts');
