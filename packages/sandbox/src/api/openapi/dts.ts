/**
 * A small parser for the `.d.ts` files of `kubernetes-models` and `@kubernetes-models/apimachinery`.
 * They are generated from the Kubernetes OpenAPI spec in one very regular shape: imports naming
 * the referenced definitions, then either `export declare type IX = string | number;` or an
 * `export interface IX { ... }` whose properties carry a TSDoc description, `?` when optional
 * and a type: a primitive, a string-literal union (an enum), `Array<T>`, `{ [key: string]: T; }`
 * or the name of another definition.
 */

/** A property type as written in the file. */
export type DtsType =
  | { kind: 'string' | 'number' | 'boolean' | 'object' | 'any' }
  | { kind: 'enum'; values: string[] }
  | { kind: 'intOrString' }
  | { kind: 'array'; items: DtsType }
  | { kind: 'map'; values: DtsType }
  /** Another definition: its module specifier (undefined for the file's own interface). */
  | { kind: 'ref'; name: string; module?: string };

export interface DtsProperty {
  name: string;
  required: boolean;
  description?: string;
  type: DtsType;
}

export interface DtsFile {
  /** Name of the declared interface or type (`IJobSpec`). */
  name: string;
  description?: string;
  /** Set for `export declare type` aliases (Quantity, Time, IntOrString). */
  alias?: DtsType;
  properties: DtsProperty[];
}

const importLine = /^import \{ ([^}]+) \} from "([^"]+)";$/gm;

function commentText(lines: string[]): string | undefined {
  const text = lines
    .map((l) => l.replace(/^\s*\/\*\*\s?/, '').replace(/^\s*\*\/\s*$/, '').replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
  return text === '' ? undefined : text;
}

function parseType(raw: string, imports: Map<string, string>, self: string): DtsType {
  const t = raw.trim().replace(/;$/, '').trim();
  if (t === 'string' || t === 'number' || t === 'boolean' || t === 'object') return { kind: t };
  const array = /^Array<(.+)>$/.exec(t);
  if (array) return { kind: 'array', items: parseType(array[1]!, imports, self) };
  const map = /^\{\s*\[key: string\]:\s*(.+?);?\s*\}$/s.exec(t);
  if (map) return { kind: 'map', values: parseType(map[1]!, imports, self) };
  const parts = t.split('|').map((p) => p.trim());
  if (parts.every((p) => /^"[^"]*"$/.test(p))) {
    const values = parts.map((p) => p.slice(1, -1));
    return values.length === 1 ? { kind: 'string' } : { kind: 'enum', values };
  }
  if (parts.length === 2 && parts.includes('string') && parts.includes('number')) return { kind: 'intOrString' };
  // `IJob["apiVersion"]`, `ISubject["kind"]`: a literal of another interface.
  if (/^\w+\["\w+"\]$/.test(t)) return { kind: 'string' };
  if (/^\w+$/.test(t)) {
    if (imports.has(t)) return { kind: 'ref', name: t, module: imports.get(t) };
    if (t === self) return { kind: 'ref', name: t };
  }
  return { kind: 'any' };
}

/** Parses one `.d.ts` file; throws when it has neither an interface nor a type alias. */
export function parseDts(text: string): DtsFile {
  const imports = new Map<string, string>();
  for (const m of text.matchAll(importLine)) for (const n of m[1]!.split(',')) imports.set(n.trim(), m[2]!);
  const lines = text.split('\n');
  let pending: string[] | undefined;
  let comment: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('/**')) pending = [];
    if (pending) {
      pending.push(line);
      if (line.trim().endsWith('*/')) {
        comment = commentText(pending);
        pending = undefined;
      }
      continue;
    }
    const alias = /^export declare type (\w+) = (.+);$/.exec(line);
    if (alias) return { name: alias[1]!, description: comment, alias: parseType(alias[2]!, imports, alias[1]!), properties: [] };
    const iface = /^export interface (\w+)(?: extends [\w, ]+)? \{$/.exec(line);
    if (iface) return { name: iface[1]!, description: comment, properties: parseBody(lines, i + 1, imports, iface[1]!) };
    if (line.trim() !== '') comment = undefined;
  }
  throw new Error('no interface or type alias');
}

function parseBody(lines: string[], start: number, imports: Map<string, string>, self: string): DtsProperty[] {
  const properties: DtsProperty[] = [];
  let pending: string[] | undefined;
  let description: string | undefined;
  for (let i = start; i < lines.length && !lines[i]!.startsWith('}'); i++) {
    const line = lines[i]!;
    if (line.trim().startsWith('/**')) pending = [];
    if (pending) {
      pending.push(line);
      if (line.trim().endsWith('*/')) {
        description = commentText(pending);
        pending = undefined;
      }
      continue;
    }
    const prop = /^\s+"([^"]+)"(\?)?: (.*)$/.exec(line);
    if (!prop) continue;
    let type = prop[3]!;
    if (type.trim().endsWith('{')) {
      // A multi-line type (`{ [key: string]: T; }`, `Array<{ ...inline object... }>`) ends at
      // the property's own indentation.
      const indent = /^\s*/.exec(line)![0];
      while (++i < lines.length && !(lines[i]!.startsWith(`${indent}}`) && !lines[i]!.startsWith(`${indent} `))) {
        type += ` ${lines[i]!.trim()}`;
      }
      type += ` ${lines[i]?.trim() ?? ''}`;
      if (type.startsWith('Array<{')) type = 'Array<object>';
    }
    properties.push({ name: prop[1]!, required: prop[2] !== '?', description, type: parseType(type, imports, self) });
    description = undefined;
  }
  return properties;
}
