// The built-ins the subset implements. Any other `?name` is refused at parse time (Apache FreeMarker knows
// many more; rendering them approximately would hide a difference from Expensify's output).
export const LOOP_BUILTINS: ReadonlySet<string> = new Set([
  'has_next',
  'index',
  'counter',
  'is_first',
  'is_last',
]);

export const STRING_BUILTINS: ReadonlySet<string> = new Set([
  'json_string',
  'upper_case',
  'lower_case',
  'trim',
  'length',
  'replace',
]);

export const SUPPORTED_BUILTINS: ReadonlySet<string> = new Set([
  'c',
  'string',
  'has_content',
  'size',
  'then',
  ...STRING_BUILTINS,
  ...LOOP_BUILTINS,
]);
