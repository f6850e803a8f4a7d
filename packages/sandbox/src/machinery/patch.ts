/**
 * Patches the apiserver accepts on PATCH: JSON patch (RFC 6902, `application/json-patch+json`),
 * JSON merge patch (RFC 7386, `application/merge-patch+json`) and strategic merge patch
 * (`application/strategic-merge-patch+json`) with the Kubernetes merge keys and `$patch`,
 * `$retainKeys`, `$setElementOrder`, `$deleteFromPrimitiveList` directives. Server-side apply is
 * in `apply.ts`.
 */
import type { KubeObject, PatchType, ResourceType } from '../store/types.js';
import { ApiError } from './errors.js';
import { cloneJson } from './json-clone.js';
import { itemKey, listSemantics } from './list-keys.js';
import { stableJson } from './fieldset.js';

/** Applies a json / merge / strategic patch to a copy of `target` and returns the result. */
export function applyPatch(patchType: Exclude<PatchType, 'apply'>, target: KubeObject, patch: unknown, type?: ResourceType): KubeObject {
  const doc = cloneJson(target);
  switch (patchType) {
    case 'json':
      return jsonPatch(doc, patch) as KubeObject;
    case 'merge':
      return asObject(mergePatch(doc, patch));
    case 'strategic':
      if (type?.schema !== undefined) {
        throw ApiError.unsupportedMediaType('application/strategic-merge-patch+json', [
          'application/json-patch+json',
          'application/merge-patch+json',
          'application/apply-patch+yaml',
        ]);
      }
      return asObject(strategicMergePatch(doc, patch, type?.kind));
  }
}

function asObject(v: unknown): KubeObject {
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    throw ApiError.badRequest('the patched document is not an object');
  }
  return v as KubeObject;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

// ---- JSON patch (RFC 6902) ----

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function rejected(message: string): ApiError {
  return ApiError.patchRejected(message);
}

function parsePointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw rejected(`JSON pointer must be empty or start with a "/": ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Applies RFC 6902 operations in order; failures are 422 like the apiserver, a malformed patch 400. */
export function jsonPatch(doc: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw ApiError.badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let root = doc;
  for (const raw of patch as Operation[]) {
    if (!isObj(raw) || typeof raw.op !== 'string') throw ApiError.badRequest('Unexpected kind: <nil>');
    const op = raw.op;
    if (typeof raw.path !== 'string') throw rejected(`missing path in ${op} operation`);
    const path = parsePointer(raw.path);
    switch (op) {
      case 'add':
        if (!('value' in raw)) throw rejected('missing value in add operation');
        root = add(root, path, cloneJson(raw.value), raw.path);
        break;
      case 'remove':
        root = removeAt(root, path, raw.path).root;
        break;
      case 'replace': {
        if (!('value' in raw)) throw rejected('missing value in replace operation');
        const { parent, key } = locate(root, path, raw.path);
        if (parent === undefined) root = cloneJson(raw.value);
        else {
          if (!has(parent, key)) throw rejected(`replace operation does not apply: doc is missing key: ${raw.path}`);
          set(parent, key, cloneJson(raw.value));
        }
        break;
      }
      case 'move': {
        if (typeof raw.from !== 'string') throw rejected('missing from in move operation');
        const r = removeAt(root, parsePointer(raw.from), raw.from);
        root = add(r.root, path, r.value, raw.path);
        break;
      }
      case 'copy': {
        if (typeof raw.from !== 'string') throw rejected('missing from in copy operation');
        const value = get(root, parsePointer(raw.from), raw.from);
        root = add(root, path, cloneJson(value), raw.path);
        break;
      }
      case 'test': {
        const value = get(root, path, raw.path);
        if (stableJson(value) !== stableJson(raw.value)) throw rejected(`testing value ${raw.path} failed: test failed`);
        break;
      }
      default:
        throw rejected(`Unexpected kind: ${op}`);
    }
  }
  return root;
}

function has(parent: unknown, key: string): boolean {
  if (Array.isArray(parent)) {
    const i = Number(key);
    return Number.isInteger(i) && i >= 0 && i < parent.length;
  }
  return isObj(parent) && Object.prototype.hasOwnProperty.call(parent, key);
}

function set(parent: unknown, key: string, value: unknown): void {
  if (Array.isArray(parent)) parent[Number(key)] = value;
  else (parent as Record<string, unknown>)[key] = value;
}

function locate(root: unknown, path: string[], text: string): { parent: unknown; key: string } {
  if (path.length === 0) return { parent: undefined, key: '' };
  let node = root;
  for (const seg of path.slice(0, -1)) {
    if (!has(node, seg)) throw rejected(`doc is missing path: "${text}": missing value`);
    node = Array.isArray(node) ? node[Number(seg)] : (node as Record<string, unknown>)[seg];
  }
  if (node === null || typeof node !== 'object') throw rejected(`doc is missing path: "${text}": missing value`);
  return { parent: node, key: path[path.length - 1]! };
}

function get(root: unknown, path: string[], text: string): unknown {
  let node = root;
  for (const seg of path) {
    if (!has(node, seg)) throw rejected(`doc is missing path: "${text}": missing value`);
    node = Array.isArray(node) ? node[Number(seg)] : (node as Record<string, unknown>)[seg];
  }
  return node;
}

function add(root: unknown, path: string[], value: unknown, text: string): unknown {
  const { parent, key } = locate(root, path, text);
  if (parent === undefined) return value;
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(i) || i < 0 || i > parent.length) throw rejected(`add operation does not apply: doc is missing path: "${text}": missing value`);
    parent.splice(i, 0, value);
  } else (parent as Record<string, unknown>)[key] = value;
  return root;
}

function removeAt(root: unknown, path: string[], text: string): { root: unknown; value: unknown } {
  const { parent, key } = locate(root, path, text);
  if (parent === undefined) return { root: undefined, value: root };
  if (!has(parent, key)) throw rejected(`remove operation does not apply: doc is missing path: "${text}": missing value`);
  if (Array.isArray(parent)) {
    const [v] = parent.splice(Number(key), 1);
    return { root, value: v };
  }
  const v = (parent as Record<string, unknown>)[key];
  delete (parent as Record<string, unknown>)[key];
  return { root, value: v };
}

// ---- JSON merge patch (RFC 7386) ----

/** RFC 7386: objects merge recursively, null deletes, everything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return cloneJson(patch);
  const out: Record<string, unknown> = isObj(target) ? target : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

// ---- Strategic merge patch ----

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const ORDER_PREFIX = '$setElementOrder/';
const DELETE_PRIMITIVE_PREFIX = '$deleteFromPrimitiveList/';

/** Strategic merge patch over a Kubernetes object of `kind`. */
export function strategicMergePatch(original: unknown, patch: unknown, kind?: string): unknown {
  if (!isObj(patch)) throw ApiError.badRequest('strategic merge patch must be a JSON object');
  return mergeMap(isObj(original) ? original : {}, patch, [], kind);
}

function mergeMap(original: Record<string, unknown>, patch: Record<string, unknown>, names: string[], kind?: string): Record<string, unknown> | undefined {
  const directive = patch[DIRECTIVE];
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    const { [DIRECTIVE]: _d, ...rest } = patch;
    void _d;
    return stripDirectives(rest) as Record<string, unknown>;
  }
  if (directive !== undefined && directive !== 'merge') throw ApiError.badRequest(`Unknown patch type: ${String(directive)}`);
  const out = original;
  const orders: [string, unknown[]][] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (k === DIRECTIVE || k === RETAIN_KEYS) continue;
    if (k.startsWith(ORDER_PREFIX)) {
      if (Array.isArray(v)) orders.push([k.slice(ORDER_PREFIX.length), v]);
      continue;
    }
    if (k.startsWith(DELETE_PRIMITIVE_PREFIX)) {
      const field = k.slice(DELETE_PRIMITIVE_PREFIX.length);
      const list = out[field];
      if (Array.isArray(list) && Array.isArray(v)) {
        const drop = new Set(v.map((x) => stableJson(x)));
        out[field] = list.filter((x) => !drop.has(stableJson(x)));
      }
      continue;
    }
    const path = [...names, k];
    if (v === null) {
      delete out[k];
    } else if (isObj(v)) {
      const merged = mergeMap(isObj(out[k]) ? (out[k] as Record<string, unknown>) : {}, v, path, kind);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else if (Array.isArray(v)) {
      out[k] = mergeList(Array.isArray(out[k]) ? (out[k] as unknown[]) : [], v, path, kind);
    } else {
      out[k] = v;
    }
  }
  const retain = patch[RETAIN_KEYS];
  if (Array.isArray(retain)) {
    const keep = new Set(retain.map(String));
    for (const k of Object.keys(out)) if (!keep.has(k)) delete out[k];
  }
  for (const [field, order] of orders) {
    const list = out[field];
    if (Array.isArray(list)) out[field] = reorder(list, order, [...names, field], kind);
  }
  return out;
}

function mergeList(original: unknown[], patch: unknown[], path: string[], kind?: string): unknown[] {
  // A `{$patch: replace}` item replaces the whole list with the other items.
  if (patch.some((p) => isObj(p) && p[DIRECTIVE] === 'replace')) {
    return patch.filter((p) => !(isObj(p) && p[DIRECTIVE] === 'replace')).map(stripDirectives);
  }
  const sem = listSemantics(path, true, kind);
  if (sem.kind === 'set') {
    const out = [...original];
    for (const v of patch) if (!out.some((o) => stableJson(o) === stableJson(v))) out.push(v);
    return out;
  }
  if (sem.kind === 'atomic') return patch.filter((p) => !(isObj(p) && p[DIRECTIVE] === 'delete')).map(stripDirectives);
  const keys = sem.keys;
  const out = [...original];
  for (const item of patch) {
    if (!isObj(item)) return patch.map(stripDirectives);
    const key = itemKey(item, keys);
    if (!key) {
      throw ApiError.badRequest(`map: ${JSON.stringify(item)} does not contain declared merge key: ${keys[0]}`);
    }
    const k = stableJson(key);
    const idx = out.findIndex((o) => stableJson(itemKey(o, keys)) === k);
    if (item[DIRECTIVE] === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0 && isObj(out[idx])) {
      const merged = mergeMap(out[idx] as Record<string, unknown>, item, path, kind);
      if (merged === undefined) out.splice(idx, 1);
      else out[idx] = merged;
    } else {
      out.push(stripDirectives(item));
    }
  }
  return out;
}

function reorder(list: unknown[], order: unknown[], path: string[], kind?: string): unknown[] {
  const sem = listSemantics(path, true, kind);
  const id = (v: unknown): string => (sem.kind === 'map' ? stableJson(itemKey(v, sem.keys)) : stableJson(v));
  const rank = new Map(order.map((o, i) => [id(o), i]));
  const indexed = list.map((v, i) => ({ v, i, r: rank.get(id(v)) }));
  indexed.sort((a, b) => {
    if (a.r !== undefined && b.r !== undefined) return a.r - b.r;
    if (a.r !== undefined) return -1;
    if (b.r !== undefined) return 1;
    return a.i - b.i;
  });
  return indexed.map((x) => x.v);
}

function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObj(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === DIRECTIVE || k === RETAIN_KEYS || k.startsWith(ORDER_PREFIX) || k.startsWith(DELETE_PRIMITIVE_PREFIX)) continue;
    out[k] = stripDirectives(x);
  }
  return out;
}
