// Runs the CLI from source (tests and development): node --import tsx packages/cli/src/run.ts <command>
import { main } from './main.js';

await main(process.argv.slice(2));
