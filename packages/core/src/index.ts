/**
 * @berth/core — Berth's pure domain logic. No I/O: runs in Node and in the browser.
 */
export * from './model/index.js';
export * from './render/index.js';
export * from './workflow/index.js';
export * from './health/index.js';
