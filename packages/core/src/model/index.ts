export * from './schema.js';
export * from './problem.js';
export {
  parseSource,
  MAX_SOURCE_BYTES,
  type DocumentPath,
  type ParsedDocument,
  type ParsedSource,
  type ParseOptions,
} from './parse.js';
export {
  validateApplication,
  loadApplications,
  loadApplication,
  sortProblems,
  type ValidateOptions,
  type ValidationResult,
  type LoadedDocument,
} from './validate.js';
export { withDefaults } from './defaults.js';
export {
  RULES,
  checkRules,
  findCycles,
  ENV_FIELD_PATHS,
  ENV_RESOURCE_FIELDS,
  type Rule,
  type ApplicationView,
} from './rules/index.js';
export type { Finding } from './finding.js';
export {
  dnsLabelError,
  dnsSubdomainError,
  portNameError,
  envNameError,
  defaultPortName,
  defaultStorageName,
  storageName,
  portName,
  DNS_LABEL_PATTERN,
  DNS_LABEL_MAX,
  ENV_NAME_PATTERN,
} from './names.js';
export { parseQuantity, quantityError } from './quantity.js';
export { closestMatch, editDistance } from './suggest.js';
export { applicationJsonSchema, applicationJsonSchemaText, APPLICATION_SCHEMA_ID } from './json-schema.js';
