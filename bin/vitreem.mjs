#!/usr/bin/env node
// Entry point of `npx vitreem …` and `npm start`: runs the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
