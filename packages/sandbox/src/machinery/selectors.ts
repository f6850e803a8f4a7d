/**
 * Label and field selectors with the apiserver's syntax, semantics and error messages
 * (k8s.io/apimachinery/pkg/labels and pkg/fields). Parse errors are 400 BadRequest.
 */
import type { KubeObject, ResourceType } from '../store/types.js';
import { ApiError } from './errors.js';
import { isQualifiedName, isValidLabelValue } from './names.js';

/** A label requirement operator. `gt`/`lt` compare integers. */
export type LabelOperator = 'exists' | '!' | '=' | '==' | '!=' | 'in' | 'notin' | 'gt' | 'lt';

/** One requirement of a label selector. */
export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

/** A parsed label selector (AND of requirements). */
export interface LabelSelector {
  requirements: LabelRequirement[];
  /** True when the selector selects everything. */
  empty: boolean;
  matches(labels: Record<string, string> | undefined): boolean;
  /** The value `key` must equal for a match, when the selector pins it (used for index lookups). */
  exactValue(key: string): string | undefined;
}

type Tok = { t: 'id' | '!' | '=' | '==' | '!=' | '(' | ')' | ',' | '>' | '<' | 'in' | 'notin' | 'eos'; lit: string };

function lex(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const special = '!=(),<>';
  while (i < s.length) {
    const c = s[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (special.includes(c)) {
      const two = s.slice(i, i + 2);
      if (two === '==' || two === '!=') {
        out.push({ t: two, lit: two });
        i += 2;
      } else {
        out.push({ t: c as Tok['t'], lit: c });
        i++;
      }
      continue;
    }
    let j = i;
    while (j < s.length && !special.includes(s[j]!) && s[j] !== ' ' && s[j] !== '\t') j++;
    const word = s.slice(i, j);
    out.push({ t: word === 'in' ? 'in' : word === 'notin' ? 'notin' : 'id', lit: word });
    i = j;
  }
  out.push({ t: 'eos', lit: '' });
  return out;
}

const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

function parseError(message: string): ApiError {
  return ApiError.badRequest(message);
}

/** Parses a label selector string (`app=web,tier in (a,b),!canary`). Throws 400 BadRequest when malformed. */
export function parseLabelSelector(selector: string): LabelSelector {
  const toks = lex(selector);
  let pos = 0;
  // In value context, the keywords in/notin are plain identifiers.
  const peek = (values = true): Tok => {
    const k = toks[pos]!;
    return values && (k.t === 'in' || k.t === 'notin') ? { t: 'id', lit: k.lit } : k;
  };
  const next = (values = true): Tok => {
    const k = peek(values);
    pos++;
    return k;
  };
  const reqs: LabelRequirement[] = [];

  const requirement = (): LabelRequirement => {
    let tok = next();
    let negated = false;
    if (tok.t === '!') {
      negated = true;
      tok = next();
    }
    if (tok.t !== 'id') throw new Error(`found '${tok.lit}', expected: identifier`);
    const key = tok.lit;
    const keyErrs = isQualifiedName(key);
    if (keyErrs.length) throw new Error(`Invalid value: ${JSON.stringify(key)}: ${keyErrs.join('; ')}`);
    const after = peek();
    if (after.t === 'eos' || after.t === ',') return { key, operator: negated ? '!' : 'exists', values: [] };
    if (negated) {
      // `!key` followed by something else: the operator parser rejects it.
    }
    const opTok = next(false);
    let operator: LabelOperator;
    switch (opTok.t) {
      case 'in':
        operator = 'in';
        break;
      case 'notin':
        operator = 'notin';
        break;
      case '=':
        operator = '=';
        break;
      case '==':
        operator = '==';
        break;
      case '!=':
        operator = '!=';
        break;
      case '>':
        operator = 'gt';
        break;
      case '<':
        operator = 'lt';
        break;
      default:
        throw new Error(`found '${opTok.lit}', expected: ${BINARY_OPERATORS}`);
    }
    let values: string[];
    if (operator === 'in' || operator === 'notin') {
      const open = next();
      if (open.t !== '(') throw new Error(`found '${open.lit}' expected: '('`);
      const first = peek();
      if (first.t === ')') {
        next();
        values = [''];
      } else if (first.t === 'id' || first.t === ',') {
        const set = new Set<string>();
        for (;;) {
          const v = next();
          if (v.t === 'id') {
            set.add(v.lit);
            const la = peek();
            if (la.t === ',') continue;
            if (la.t === ')') break;
            throw new Error(`found '${la.lit}', expected: ',' or ')'`);
          } else if (v.t === ',') {
            if (set.size === 0) set.add('');
            const la = peek();
            if (la.t === ')') {
              set.add('');
              break;
            }
            if (la.t === ',') {
              next();
              set.add('');
            }
          } else {
            throw new Error(`found '${v.lit}', expected: ',', or identifier`);
          }
        }
        const close = next();
        if (close.t !== ')') throw new Error(`found '${first.lit}', expected: ')'`);
        values = [...set].sort();
      } else {
        throw new Error(`found '${first.lit}', expected: ',', ')' or identifier`);
      }
    } else {
      const la = peek();
      if (la.t === 'eos' || la.t === ',') values = [''];
      else {
        const v = next();
        if (v.t !== 'id') throw new Error(`found '${v.lit}', expected: identifier`);
        values = [v.lit];
      }
    }
    if (operator === 'gt' || operator === 'lt') {
      if (!/^-?\d+$/.test(values[0]!)) {
        throw new Error(
          `Invalid value: ${JSON.stringify(values[0])}: for 'Gt', 'Lt' operators, the value must be an integer`,
        );
      }
    } else {
      for (const v of values) {
        const errs = isValidLabelValue(v);
        if (errs.length) throw new Error(`values[0][${key}]: Invalid value: ${JSON.stringify(v)}: ${errs.join('; ')}`);
      }
    }
    return { key, operator, values };
  };

  for (;;) {
    const tok = peek();
    if (tok.t === 'eos') break;
    if (tok.t !== 'id' && tok.t !== '!') {
      throw parseError(`found '${tok.lit}', expected: !, identifier, or 'end of string'`);
    }
    try {
      reqs.push(requirement());
    } catch (e) {
      throw parseError(`unable to parse requirement: ${(e as Error).message}`);
    }
    const sep = next();
    if (sep.t === 'eos') break;
    if (sep.t !== ',') throw parseError(`found '${sep.lit}', expected: ',' or 'end of string'`);
    const la = peek();
    if (la.t !== 'id' && la.t !== '!') throw parseError(`found '${la.lit}', expected: identifier after ','`);
  }
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return labelSelectorOf(reqs);
}

/** Builds a selector from requirements (no validation). */
export function labelSelectorOf(requirements: LabelRequirement[]): LabelSelector {
  return {
    requirements,
    empty: requirements.length === 0,
    matches: (labels) => requirements.every((r) => requirementMatches(r, labels ?? {})),
    exactValue(key) {
      const r = requirements.find((q) => q.key === key && (q.operator === '=' || q.operator === '==' || (q.operator === 'in' && q.values.length === 1)));
      return r?.values[0];
    },
  };
}

function requirementMatches(r: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  switch (r.operator) {
    case 'exists':
      return has;
    case '!':
      return !has;
    case '=':
    case '==':
    case 'in':
      return has && r.values.includes(v!);
    case '!=':
    case 'notin':
      return !has || !r.values.includes(v!);
    case 'gt':
    case 'lt': {
      if (!has || !/^-?\d+$/.test(v!)) return false;
      const n = Number(v);
      const want = Number(r.values[0]);
      return r.operator === 'gt' ? n > want : n < want;
    }
  }
}

/** The metav1.LabelSelector object form (`matchLabels`, `matchExpressions`), as used in specs. */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

/** Converts a spec's LabelSelector object to a selector. An absent selector selects nothing; an empty one everything. */
export function selectorFromObject(sel: LabelSelectorObject | null | undefined): LabelSelector {
  if (!sel) return { requirements: [], empty: false, matches: () => false, exactValue: () => undefined };
  const reqs: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key, operator: '=', values: [value] });
  for (const e of sel.matchExpressions ?? []) {
    const op: LabelOperator =
      e.operator === 'In' ? 'in' : e.operator === 'NotIn' ? 'notin' : e.operator === 'Exists' ? 'exists' : '!';
    reqs.push({ key: e.key, operator: op, values: [...(e.values ?? [])] });
  }
  return labelSelectorOf(reqs);
}

/** One term of a field selector. */
export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

/** A parsed field selector. */
export interface FieldSelector {
  requirements: FieldRequirement[];
  empty: boolean;
  matches(object: KubeObject): boolean;
  /** The value a field must equal, if pinned (e.g. metadata.name or spec.nodeName). */
  exactValue(field: string): string | undefined;
}

/** Splits on commas not escaped with a backslash. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1];
      i++;
    } else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function unescape(v: string): string {
  return v.replace(/\\(.)/g, '$1');
}

/**
 * Parses a field selector (`metadata.name=x,status.phase!=Running`) for a resource type and
 * checks its fields are supported for that kind (400 `field label not supported: x` otherwise).
 */
export function parseFieldSelector(selector: string, type?: Pick<ResourceType, 'group' | 'kind'>): FieldSelector {
  const reqs: FieldRequirement[] = [];
  if (selector.trim() !== '') {
    for (const term of splitTerms(selector)) {
      if (term === '') continue;
      let idx = -1;
      let op: '=' | '!=' = '=';
      let oplen = 1;
      for (let i = 0; i < term.length; i++) {
        if (term[i] === '\\') {
          i++;
          continue;
        }
        if (term.startsWith('!=', i)) {
          idx = i;
          op = '!=';
          oplen = 2;
          break;
        }
        if (term.startsWith('==', i)) {
          idx = i;
          oplen = 2;
          break;
        }
        if (term[i] === '=') {
          idx = i;
          break;
        }
      }
      if (idx < 0) throw ApiError.badRequest(`invalid selector: '${selector}'; can't understand '${term}'`);
      reqs.push({ field: term.slice(0, idx).trim(), operator: op, value: unescape(term.slice(idx + oplen)) });
    }
  }
  if (type) {
    const supported = supportedFields(type);
    for (const r of reqs) {
      if (!supported.has(r.field)) throw ApiError.badRequest(`field label not supported: ${r.field}`);
    }
  }
  return {
    requirements: reqs,
    empty: reqs.length === 0,
    matches(object) {
      return reqs.every((r) => {
        const v = fieldValue(object, r.field);
        return r.operator === '=' ? v === r.value : v !== r.value;
      });
    },
    exactValue(field) {
      return reqs.find((r) => r.field === field && r.operator === '=')?.value;
    },
  };
}

const META = ['metadata.name', 'metadata.namespace'];
const FIELDS_BY_KIND: Record<string, string[]> = {
  '/Pod': [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.podIPs',
    'status.nominatedNodeName',
  ],
  '/Event': [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  'events.k8s.io/Event': [
    'regarding.kind',
    'regarding.namespace',
    'regarding.name',
    'regarding.uid',
    'regarding.apiVersion',
    'regarding.resourceVersion',
    'regarding.fieldPath',
    'reason',
    'reportingController',
    'type',
  ],
  '/Node': ['spec.unschedulable'],
  '/Namespace': ['status.phase'],
  '/Secret': ['type'],
  '/Service': ['spec.clusterIP', 'spec.type'],
  'apps/ReplicaSet': ['status.replicas'],
  'batch/Job': ['status.successful'],
};

function supportedFields(type: Pick<ResourceType, 'group' | 'kind'>): Set<string> {
  return new Set([...META, ...(FIELDS_BY_KIND[`${type.group}/${type.kind}`] ?? [])]);
}

/** The string value of a selectable field of an object ('' when absent), as the apiserver's field sets. */
export function fieldValue(object: KubeObject, field: string): string {
  if (field === 'source') return str(path(object, ['source', 'component']));
  if (field === 'status.podIPs') {
    const ips = path(object, ['status', 'podIPs']) as { ip?: string }[] | undefined;
    return ips?.[0]?.ip ?? '';
  }
  if (field === 'spec.hostNetwork' || field === 'spec.unschedulable') {
    return path(object, field.split('.')) === true ? 'true' : 'false';
  }
  return str(path(object, field.split('.')));
}

function path(o: unknown, parts: string[]): unknown {
  let cur = o;
  for (const p of parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function str(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}
