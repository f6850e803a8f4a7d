import fc from 'fast-check';

/** A request body with the content type it is sent as. */
export interface FuzzBody {
  contentType: string;
  text: string;
}

const FIELD_NAMES = [
  'name', 'kubeconfig', 'spec', 'message', 'resourceVersion', 'role', 'environment', 'revision',
  'username', 'password', 'currentPassword', 'newPassword', 'platformAdmin', 'title', 'description',
  'sourceBranch', 'targetBranch', 'body', 'status', 'summary', 'reason', 'simulated', 'expiresAt',
  'labels', 'displayName', 'defaultBranch', 'url', 'ref', 'path', 'decision', 'method',
];

const weird = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', '..', '../../etc/passwd', '%00', '-1', '0', '1e309', 'NaN', 'null', 'true', '9007199254740993', '<script>', "'; drop table users; --"),
  fc.integer({ min: 1_000, max: 3_500 }).map((n) => 'x'.repeat(n)),
);

const jsonish: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  weird,
  fc.double(),
  fc.constantFrom(null, true, false, -1, 0, 2 ** 60, [], {}),
);

/** An object with the API's field names and values of every type but the expected one. */
const wrongTypes = fc.dictionary(fc.constantFrom(...FIELD_NAMES), jsonish, { maxKeys: 6 });

function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

const YAML_GARBAGE = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n',
  '--- !!binary |\n  R0lGODlhDAAMAIQAAP\n',
  'apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata: {name: [1,2]}\nspec: !!js/function "function(){}"\n',
  ': : :\n- - -\n\t\tkey: value\n',
  '%YAML 9.9\n---\nkey: *undefined_alias\n',
  'a: 1\na: 2\n',
  '- ' + '['.repeat(300) + '\n',
  '? [complex, key]\n: value\n<<: *nope\n',
  '---\n...\n---\n' + 'k: v\n'.repeat(2000),
];

/** Bodies: arbitrary JSON, wrong types, huge strings, deep nesting, broken JSON, YAML garbage. */
export const fuzzBody: fc.Arbitrary<FuzzBody> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => ({ contentType: 'application/json', text: JSON.stringify(v) })),
  wrongTypes.map((v) => ({ contentType: 'application/json', text: JSON.stringify(v) })),
  fc.record({ spec: wrongTypes, message: jsonish, resourceVersion: jsonish }).map((v) => ({ contentType: 'application/json', text: JSON.stringify(v) })),
  fc.integer({ min: 200_000, max: 2_500_000 }).map((n) => ({ contentType: 'application/json', text: JSON.stringify({ name: 'x'.repeat(n) }) })),
  fc.tuple(fc.integer({ min: 500, max: 20_000 }), fc.constantFrom('array', 'object') as fc.Arbitrary<'array' | 'object'>).map(([d, k]) => ({ contentType: 'application/json', text: nested(d, k) })),
  fc.string({ maxLength: 60 }).map((text) => ({ contentType: 'application/json', text: `{"name": ${text}` })),
  fc.constantFrom('', 'null', '"string"', '[]', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}').map((text) => ({ contentType: 'application/json', text })),
  fc.constantFrom(...YAML_GARBAGE).map((text) => ({ contentType: 'application/yaml', text })),
  fc.string({ maxLength: 200 }).map((text) => ({ contentType: 'application/yaml', text })),
  fc
    .tuple(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16'), fc.string({ maxLength: 100 }))
    .map(([contentType, text]) => ({ contentType, text })),
);

/** A path segment: usually the fixture's value, else unicode, `..`, `%00`, or very long. */
export function pathSegment(fixture: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(fixture) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 60 }).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.constantFrom('..', '.', '%00', '%2e%2e', '%2F', 'a%00b', '%C0%AF', '%ZZ', '-1', '0', '99999999999999999999', '1.5', 'NaN', `${fixture}%00`, encodeURIComponent('x'.repeat(5000))) },
  );
}

/** A query string over the route's declared parameters and some others, with odd values. */
export function queryString(declared: readonly string[]): fc.Arbitrary<string> {
  const keys = fc.constantFrom(...declared, 'limit', 'continue', 'x', '__proto__');
  return fc.oneof(
    { weight: 4, arbitrary: fc.dictionary(keys, weird, { maxKeys: 4 }).map((q) => new URLSearchParams(q).toString()) },
    { weight: 1, arbitrary: fc.constantFrom('a=%ZZ&&=', 'limit=1&limit=2', 'limit[]=1', '%00=%00', 'continue=' + 'A'.repeat(12_000), 'follow=true&tailLines=-5') },
  );
}
