/**
 * Values printed the way Go's `%#v` prints them in apiserver field errors (a selector in
 * `field is immutable`, a label map in "`selector` does not match template `labels`").
 */

/** `map[string]string{"app":"web"}` (keys sorted), or `map[string]string(nil)` when absent. */
export function goStringMap(map: Record<string, string> | undefined | null): string {
  if (!map || typeof map !== 'object') return 'map[string]string(nil)';
  const entries = Object.keys(map)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(String(map[k]))}`);
  return `map[string]string{${entries.join(', ')}}`;
}

interface Requirement {
  key?: string;
  operator?: string;
  values?: string[];
}

function goStrings(values: string[] | undefined): string {
  if (!Array.isArray(values)) return '[]string(nil)';
  return `[]string{${values.map((v) => JSON.stringify(String(v))).join(', ')}}`;
}

/** A `metav1.LabelSelector` as `%#v` prints it: `v1.LabelSelector{MatchLabels:..., MatchExpressions:...}`. */
export function goLabelSelector(selector: unknown): string {
  if (!selector || typeof selector !== 'object') return 'null';
  const s = selector as { matchLabels?: Record<string, string>; matchExpressions?: Requirement[] };
  const expressions = Array.isArray(s.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${s.matchExpressions
        .map(
          (r) =>
            `v1.LabelSelectorRequirement{Key:${JSON.stringify(r?.key ?? '')}, Operator:${JSON.stringify(r?.operator ?? '')}, Values:${goStrings(r?.values)}}`,
        )
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(s.matchLabels)}, MatchExpressions:${expressions}}`;
}
