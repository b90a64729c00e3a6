#!/usr/bin/env node
// The `lienthong` command. Runs the compiled CLI (npm ci builds it).
import('../dist/main.js').then((m) => m.main(process.argv.slice(2)));
