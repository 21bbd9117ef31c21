// The sandbox's FreeMarker renderer: a parser and evaluator for the subset of Apache FreeMarker that Expensify
// export templates use (see the Expensify research sheet, section 4 and 12). No eval, no Function constructor: the
// template is tokenized, parsed into FreeMarker's own tree shape, white-space stripped, then interpreted.
// test/sandbox/expensify/oracle.test.ts renders a corpus with Apache FreeMarker and compares byte for byte.
import { Evaluator } from './evaluator.ts';
import { parseTemplateTree } from './template-parser.ts';
import { stripWhitespace } from './whitespace.ts';
import type { Element } from './ast.ts';
import type { NumberFormat } from './values.ts';

export { TemplateError, MissingValueError } from './errors.ts';
export type { NumberFormat } from './values.ts';

export interface RenderOptions {
  /**
   * FreeMarker's `number_format` for `${n}` without `?c`. "number" is FreeMarker's default in locale en_US
   * ("1,234.5"); Expensify's outputs seen so far showed no digit grouping ("computer"). Unconfirmed: an option.
   */
  readonly numberFormat?: NumberFormat;
}

export interface CompiledTemplate {
  render(model: Readonly<Record<string, unknown>>): string;
}

/** Parses a template; throws TemplateError for a syntax error or a construct outside the subset. */
export function compileTemplate(source: string, options: RenderOptions = {}): CompiledTemplate {
  const root: Element = parseTemplateTree(source);
  stripWhitespace(root);
  const numberFormat = options.numberFormat ?? 'computer';
  return {
    render: (model) => new Evaluator(model, { numberFormat }).render(root),
  };
}

/** Parses and renders in one step; throws TemplateError when the template cannot be rendered. */
export function renderTemplate(
  source: string,
  model: Readonly<Record<string, unknown>>,
  options: RenderOptions = {},
): string {
  return compileTemplate(source, options).render(model);
}
