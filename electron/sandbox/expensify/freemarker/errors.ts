// Errors of the sandbox's FreeMarker subset. A template the subset cannot parse or render fails loudly with a
// message shaped like Apache FreeMarker's first line (syntax errors name line and column), so the simulator
// can answer an export job the way Expensify would rather than render something different.

export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

export class TemplateError extends Error {
  readonly kind: 'syntax' | 'render' | 'unsupported';
  readonly line: number;
  readonly column: number;

  constructor(kind: 'syntax' | 'render' | 'unsupported', detail: string, at: SourcePosition) {
    super(
      kind === 'render'
        ? `${detail} [in template "template" at line ${at.line}, column ${at.column}]`
        : `${kind === 'syntax' ? 'Syntax error' : 'Unsupported construct'} in template "template" in line ${at.line}, column ${at.column}:\n${detail}`,
    );
    this.name = 'TemplateError';
    this.kind = kind;
    this.line = at.line;
    this.column = at.column;
  }
}

/** A null or missing value reached a place that needs one; `!`, `??` and `?has_content` may catch it. */
export class MissingValueError extends TemplateError {
  constructor(expression: string, at: SourcePosition) {
    super('render', `The following has evaluated to null or missing:\n==> ${expression}`, at);
    this.name = 'MissingValueError';
  }
}

export const syntaxError = (detail: string, at: SourcePosition): TemplateError =>
  new TemplateError('syntax', detail, at);

export const unsupported = (what: string, at: SourcePosition): TemplateError =>
  new TemplateError(
    'unsupported',
    `${what} is not supported by the sandbox's FreeMarker subset (it would render differently from Expensify)`,
    at,
  );

export const renderError = (detail: string, at: SourcePosition): TemplateError =>
  new TemplateError('render', detail, at);
