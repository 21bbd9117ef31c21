// Differential test against the real engine: every corpus template (ours included) and a batch of generated
// strings and numbers are rendered by the sandbox renderer and by Apache FreeMarker 2.3.31 (Debian's
// libfreemarker-java, through oracle/Render.java) and must agree byte for byte. Where FreeMarker fails, the
// sandbox must fail too; where the subset refuses a construct, it must say so (never render differently).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateExpensifyDemo } from '../../../electron/sandbox/expensify/index.ts';
import { renderTemplate, TemplateError } from '../../../electron/sandbox/expensify/freemarker/index.ts';
import { reportModel } from '../../../electron/sandbox/expensify/template-model.ts';
import { resolveOptions } from '../../../electron/sandbox/expensify/options.ts';
import { corpus, exportTemplate, type CorpusCase } from './oracle/corpus.ts';
import { oracleUnavailable, renderWithFreeMarker } from './oracle/run-oracle.ts';
import { company } from './helpers.ts';

const unavailable = oracleUnavailable();

type Outcome = { ok: true; output: string } | { ok: false; kind: string; error: string };

function ours(c: CorpusCase): Outcome {
  try {
    return {
      ok: true,
      output: renderTemplate(c.template, c.model, { numberFormat: c.numberFormat ?? 'computer' }),
    };
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return { ok: false, kind: error.kind, error: error.message };
  }
}

function demoCases(): CorpusCase[] {
  const options = resolveOptions({ seed: 3 });
  const demo = generateExpensifyDemo(company, {
    seed: 3,
    reportCount: 40,
    creditSign: 'negative',
    preExportedLabel: 'X',
  });
  const state = { ...demo, createdExpenses: [], files: new Map(), rateLimited: 0 };
  const reports = demo.reports.map((r) =>
    reportModel(
      r,
      demo.policies.find((p) => p.id === r.policyID),
      state,
      options,
    ),
  );
  return [
    {
      name: 'our template over 40 demo reports',
      template: exportTemplate,
      model: { reports, addHeader: true },
    },
    {
      name: 'our template over 40 demo reports, grouped numbers',
      template: exportTemplate,
      model: { reports },
      numberFormat: 'number',
    },
  ];
}

/** Random but valid templates mixing text, line breaks, tags, trims and comments: white-space stripping. */
function generatedTemplates(): string[] {
  const pieces = fc.letrec<{ frag: string; body: string }>((tie) => ({
    frag: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom('\n', '  ', '\t', 'a', ' b ', '\r\n', ' \n  ', 'x\n', '\n\n'),
      fc.constantFrom('${v}', '${n?c}', '<#assign q = 1>', '<#-- c -->', '<#t>', '<#lt>', '<#rt>', '<#nt>'),
      fc
        .tuple(tie('body'), fc.option(tie('body')))
        .map(([a, b]) => `<#if c>${a}${b === null ? '' : `<#else>${b}`}</#if>`),
      fc
        .tuple(tie('body'), fc.boolean())
        .map(([a, sep]) => `<#list xs as x>\${x}${a}${sep ? '<#sep>,' : ''}</#list>`),
    ),
    body: fc.array(tie('frag'), { maxLength: 5 }).map((parts) => parts.join('')),
  }));
  return fc.sample(pieces.body, { numRuns: 600, seed: 45 });
}

/** Random expressions over strings, numbers, booleans, hashes, sequences and missing values. */
function generatedExpressions(): string[] {
  const expr = fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(
        's',
        'n',
        'z',
        'b',
        'f',
        'm',
        'h.k',
        'h.none',
        'm.k',
        'xs',
        'e',
        '"q\\"',
        '3',
        '-2',
        'true',
        "'it'",
      ),
      fc
        .tuple(
          tie('e'),
          fc.constantFrom(
            '!',
            '!"d"',
            '!0',
            '??',
            '?has_content',
            '?c',
            '?string("y","n")',
            '?json_string',
            '?upper_case',
            '?size',
            '?length',
            '?trim',
          ),
        )
        .map(([a, op]) => `(${a})${op}`),
      fc
        .tuple(tie('e'), fc.constantFrom('==', '!=', '&&', '||', '+', '-', 'gt', 'lte'), tie('e'))
        .map(([a, op, b]) => `(${a} ${op} ${b})`),
      tie('e').map((a) => `!(${a})`),
    ),
  }));
  return fc.sample(expr.e, { numRuns: 800, seed: 47 });
}

function generatedCases(): CorpusCase[] {
  const strings = fc.sample(fc.string({ unit: 'binary', maxLength: 24 }), { numRuns: 150, seed: 42 });
  const ints = fc.sample(fc.integer({ min: -1e12, max: 1e12 }), { numRuns: 100, seed: 43 });
  const doubles = fc.sample(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }), {
    numRuns: 100,
    seed: 44,
  });
  const lone = strings.filter((s) => !/[\ud800-\udfff]/.test(s)); // lone surrogates cannot survive UTF-8 transport
  const cents = fc
    .sample(fc.integer({ min: -10_000_000, max: 10_000_000 }), { numRuns: 100, seed: 46 })
    .map((n) => n / 100);
  return [
    ...generatedTemplates().map((template, i) => ({
      name: `generated template #${i}: ${JSON.stringify(template)}`,
      template,
      model: { v: 'V', n: 5, c: true, xs: ['p', 'q'] },
    })),
    ...generatedExpressions().map((e, i) => ({
      name: `generated expression #${i}: ${e}`,
      template: `[\${${e}}]`,
      model: { s: 'Ab c', n: 12, z: 0, b: true, f: false, h: { k: 'v' }, xs: [1, 2], e: '' },
      mayRefuse: true,
    })),
    {
      name: 'generated decimals, ?c and number format',
      template: '<#list xs as x>${x?c};${x}\n</#list>',
      model: { xs: cents },
      numberFormat: 'number',
    },
    {
      name: 'generated strings through ?json_string',
      template: '<#list xs as x>[${x?json_string}]</#list>',
      model: { xs: lone },
    },
    { name: 'generated strings printed raw', template: '<#list xs as x>${x}|</#list>', model: { xs: lone } },
    {
      name: 'generated integers, ?c and default',
      template: '<#list xs as x>${x?c};${x}\n</#list>',
      model: { xs: ints },
    },
    {
      name: 'generated integers, number format',
      template: '<#list xs as x>${x?c};${x}\n</#list>',
      model: { xs: ints },
      numberFormat: 'number',
    },
    { name: 'generated doubles, ?c', template: '<#list xs as x>${x?c}\n</#list>', model: { xs: doubles } },
    {
      name: 'generated doubles, number format',
      template: '<#list xs as x>${x}\n</#list>',
      model: { xs: doubles },
      numberFormat: 'number',
    },
  ];
}

describe.skipIf(unavailable !== undefined)(
  `sandbox FreeMarker renderer against Apache FreeMarker${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    it('renders the corpus, demo exports and generated values exactly as FreeMarker does', () => {
      const cases = [...corpus, ...demoCases(), ...generatedCases()];
      const theirs = renderWithFreeMarker(cases);
      const mismatches: string[] = [];
      cases.forEach((c, i) => {
        const expected = theirs[i];
        const actual = ours(c);
        if (!expected) throw new Error(`no oracle answer for ${c.name}`);
        if (c.unsupported) {
          if (actual.ok || actual.kind !== 'unsupported')
            mismatches.push(`${c.name}: the subset must refuse it`);
          return;
        }
        if (!expected.ok) {
          if (actual.ok)
            mismatches.push(
              `${c.name}: FreeMarker failed (${expected.error.split('\n')[0]}) but we rendered`,
            );
          return;
        }
        if (!actual.ok && c.mayRefuse && actual.kind === 'unsupported') return;
        if (!actual.ok) mismatches.push(`${c.name}: FreeMarker rendered but we failed: ${actual.error}`);
        else if (actual.output !== expected.output) {
          mismatches.push(
            `${c.name}:\n  ours   ${JSON.stringify(actual.output).slice(0, 400)}\n  theirs ${JSON.stringify(expected.output).slice(0, 400)}`,
          );
        }
      });
      expect(mismatches).toEqual([]);
    });
  },
);
