export { main } from './main.js';
export { EXIT_OK, EXIT_INVALID, EXIT_USAGE, type CliIO } from './io.js';
