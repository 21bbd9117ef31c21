// The renderer's contract without the oracle: what it supports renders, what it does not fails loudly with a
// TemplateError (never a crash, never silent output), and it contains no eval or new Function.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileTemplate,
  renderTemplate,
  TemplateError,
} from '../../../electron/sandbox/expensify/freemarker/index.ts';

const render = (template: string, model: Record<string, unknown> = {}) => renderTemplate(template, model);

function failure(template: string, model: Record<string, unknown> = {}): TemplateError {
  try {
    render(template, model);
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error(`expected ${template} to fail`);
}

describe('FreeMarker subset', () => {
  it('renders lists with _has_next, sep, defaults, ?c, ?json_string and ?string on booleans', () => {
    const template =
      '[<#list xs as x>{"n":"${x.name?json_string}","a":${x.amount?c},"r":${(x.r!false)?string("true","false")}}<#if x_has_next>,</#if></#list>]|<#list xs as x>${x_index}<#sep>-</#list>';
    const output = render(template, {
      xs: [
        { name: 'a"b', amount: -1250, r: true },
        { name: 'é\n', amount: 1234567 },
      ],
    });
    expect(output).toBe('[{"n":"a\\"b","a":-1250,"r":true},{"n":"é\\n","a":1234567,"r":false}]|0-1');
  });

  it('supports if/elseif/else, comparisons, boolean operators, assign and has_content', () => {
    const template =
      '<#assign limit = 100><#list xs as x><#if x gt limit && !flag>big<#elseif x == 0 || x lt 0>none<#else>small</#if>;</#list><#if e?has_content>E<#else>empty</#if>';
    expect(render(template, { xs: [500, 0, 5], flag: false, e: '' })).toBe('big;none;small;empty');
  });

  it('names line and column in errors', () => {
    const error = failure('line1\n  ${missing.value}');
    expect(error.kind).toBe('render');
    expect(error.message).toContain('missing');
    expect(error.message).toContain('line 2, column 5');
    const syntax = failure('<#if x>\n<#else>');
    expect(syntax.kind).toBe('syntax');
  });

  it('refuses constructs outside the subset instead of rendering them differently', () => {
    for (const template of [
      '<@m/>',
      '#{x}',
      '${x?date}',
      '<#include "a">',
      '${a / 2}',
      '${[1,2]?size}',
      '<#list 1..3 as i></#list>',
      '${"${x}"}',
    ]) {
      expect(failure(template, { x: 1, a: 3 }).kind, template).toBe('unsupported');
    }
  });

  it('never crashes on arbitrary input: it renders or throws a TemplateError', () => {
    const alphabet = fc.constantFrom(
      '<#',
      '</#',
      'if',
      'list',
      ' as ',
      'x',
      '${',
      '}',
      '>',
      '"',
      '!',
      '?',
      'c',
      '.',
      '(',
      ')',
      '\n',
      ' ',
      '#{',
      '<#--',
      '-->',
      'else',
      '==',
      '&&',
      'sep',
      'xs',
      'assign',
      '=',
      '1',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 30 }), (parts) => {
        const template = parts.join('');
        try {
          compileTemplate(template).render({ x: true, xs: [1, 2] });
        } catch (error) {
          if (!(error instanceof TemplateError)) throw error;
        }
      }),
      { numRuns: 2000, seed: 9 },
    );
  });

  it('is an interpreter: no eval and no new Function in its source', () => {
    const dir = new URL('../../../electron/sandbox/expensify/freemarker/', import.meta.url);
    for (const file of readdirSync(dir)) {
      const source = readFileSync(new URL(file, dir), 'utf8');
      expect(source, file).not.toMatch(/\beval\s*\(|new\s+Function\b|\bFunction\s*\(/);
    }
  });
});
