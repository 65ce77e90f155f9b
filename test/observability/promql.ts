/** PromQL functions, aggregations and keywords: identifiers in an expression that are not metric names. */
const NOT_METRICS = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'count',
  'stddev',
  'stdvar',
  'topk',
  'bottomk',
  'quantile',
  'group',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'offset',
  'bool',
  'and',
  'or',
  'unless',
  'rate',
  'irate',
  'increase',
  'delta',
  'deriv',
  'histogram_quantile',
  'absent',
  'absent_over_time',
  'clamp_min',
  'clamp_max',
  'abs',
  'ceil',
  'floor',
  'round',
  'time',
  'vector',
  'scalar',
  'label_replace',
  'sum_over_time',
  'avg_over_time',
  'max_over_time',
  'min_over_time',
  'changes',
  'resets',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression selects, histogram suffixes stripped to the family name. A simple scanner,
 * enough for the expressions in docs/monitoring/: strings, label matchers, ranges and grouping clauses are removed first.
 */
export function metricNames(expression: string): string[] {
  const stripped = expression
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\boffset\s+\w+/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = [...stripped.matchAll(/(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*/g)]
    .map((match) => match[0])
    .filter((word) => !NOT_METRICS.has(word) && !/^\d/.test(word));
  return [...new Set(names.map((name) => name.replace(/_(bucket|sum|count)$/, '')))];
}
