// Templates and data models rendered by both the sandbox renderer and Apache FreeMarker. `unsupported` marks a
// case the subset must refuse (fail loudly) although FreeMarker renders it.
import { readFileSync } from 'node:fs';

export interface CorpusCase {
  readonly name: string;
  readonly template: string;
  readonly model: Record<string, unknown>;
  readonly numberFormat?: 'computer' | 'number';
  readonly unsupported?: boolean;
  /** Generated cases: the subset may refuse (fail loudly), but must never render differently. */
  readonly mayRefuse?: boolean;
}

export const exportTemplate = readFileSync(
  new URL('../../../../electron/connectors/expensify/template.ftl', import.meta.url),
  'utf8',
);

/** Reports with the awkward values an export meets. */
export const awkwardReports = [
  {
    reportID: 'R00X9oNOn2MO',
    reportName: 'Trip to "Stuttgart" \\ Q4 – Müller',
    policyID: 'A1B2C3D4E5F60718',
    policyName: 'Meridian DE',
    accountEmail: "sean.o'brien@meridian-components.example",
    managerEmail: 'ana.andersen@meridian-components.example',
    status: 'Approved',
    created: '2026-11-02 08:15:00',
    submitted: '2026-11-03 09:00:00',
    approved: '2026-11-04 10:30:00',
    currency: 'EUR',
    total: 123456789,
    transactionList: [
      {
        transactionID: '6720309558248016',
        externalID: 'ext-1',
        created: '2026-11-01',
        merchant: 'Café "Zur Post" </script> ]]> <!-- ',
        amount: 4250,
        currency: 'EUR',
        category: 'Meals',
        categoryGlCode: '6120',
        tag: '',
        comment: 'line1\nline2\ttab \u2028 sep \u0001 ctl / slash',
        reimbursable: true,
        billable: false,
      },
      {
        transactionID: '6720309558248017',
        created: '2026-11-02',
        modifiedCreated: '2026-11-03',
        merchant: 'Refund — Lufthansa',
        modifiedMerchant: 'Lufthansa (credit)',
        amount: -19900,
        modifiedAmount: -19000,
        convertedAmount: -19000,
        currency: 'EUR',
        category: 'Airfare',
        tag: '20ASSY',
        tagGlCode: '20ASSY',
        reimbursable: false,
        billable: true,
      },
      {
        transactionID: '6720309558248018',
        created: '2026-11-02',
        merchant: '東京ホテル',
        amount: 18000,
        convertedAmount: 11234,
        currency: 'JPY',
        category: 'Lodging',
        categoryGlCode: '6110',
        tag: 'Unknown:Sub',
        comment: '',
      },
    ],
  },
  {
    reportID: '3397451',
    reportName: '',
    policyID: 'B1B2C3D4E5F60719',
    accountEmail: 'kate.kowalski@meridian-components.example',
    status: 'Reimbursed',
    currency: 'USD',
    total: 0,
    transactionList: [],
  },
];

const simple = (name: string, template: string, model: Record<string, unknown> = {}): CorpusCase => ({
  name,
  template,
  model,
});

export const corpus: readonly CorpusCase[] = [
  simple('our export template, awkward reports', exportTemplate, {
    reports: awkwardReports,
    addHeader: false,
  }),
  simple('our export template, no reports', exportTemplate, { reports: [] }),
  {
    name: 'our export template, number format "number"',
    template: exportTemplate,
    model: { reports: awkwardReports },
    numberFormat: 'number',
  },
  simple(
    'research sheet minimal JSON template',
    `[<#list reports as report>{
 "reportID":"\${report.reportID}",
 "reportName":"\${(report.reportName!"")?json_string}",
 "policyID":"\${report.policyID!""}",
 "submitterEmail":"\${report.accountEmail!""}",
 "totalCents":\${(report.total!0)?c},
 "expenses":[<#list report.transactionList as e>{
   "date":"<#if e.modifiedCreated?has_content>\${e.modifiedCreated}<#else>\${e.created}</#if>",
   "merchant":"<#if e.modifiedMerchant?has_content>\${e.modifiedMerchant?json_string}<#else>\${(e.merchant!"")?json_string}</#if>",
   "amountCents":<#if e.convertedAmount?has_content>\${e.convertedAmount?c}<#elseif e.modifiedAmount?has_content>\${e.modifiedAmount?c}<#else>\${(e.amount!0)?c}</#if>,
   "reimbursable":\${(e.reimbursable!false)?string("true","false")},
   "billable":\${(e.billable!false)?string("true","false")}
 }<#if e_has_next>,</#if></#list>]
}<#if report_has_next>,</#if></#list>]`,
    { reports: awkwardReports },
  ),
  simple(
    'documentation-style CSV with header',
    `<#if addHeader == true>
    Merchant,Original Amount,Category,Report number,Expense number<#lt>
</#if>
<#assign reportNumber = 1>
<#assign expenseNumber = 1>
<#list reports as report>
    <#list report.transactionList as expense>
        \${expense.merchant},<#t>
        \${expense.amount?c},<#t>
        \${expense.category!},<#t>
        \${reportNumber},<#t>
        \${expense_index + 1}
    </#list>
</#list>`,
    { reports: awkwardReports, addHeader: true },
  ),
  simple('json_string escapes', '${s?json_string}|${t?json_string}|${u?json_string}', {
    s: '/a</b>"q\\\u0001é\u2028 <!x ]]> --> <?pi',
    t: '>x<',
    u: "\u007f\u0080\u009f\u00a0\ud83d\ude00 \u0000\b\f\r\n\t\u001f'",
  }),
  {
    name: 'numbers with number_format "number"',
    template: '${a}|${b}|${c}|${d}|${e}|${f}|${g}',
    model: { a: 1234567, b: -1234.5678, c: 0.0005, d: 0.0015, e: 2.5e-7, f: 1e21, g: 999.9995 },
    numberFormat: 'number',
  },
  simple('?c on many numbers', '${a?c}|${b?c}|${c?c}|${d?c}|${e?c}|${f?c}|${g?c}|${h?c}', {
    a: 0,
    b: -5,
    c: Number('9007199254740993'),
    d: 0.1,
    e: 1e-7,
    f: Number('12345678901234567890'),
    g: 0.12345678901234568,
    h: -0.00000000000000012345,
  }),
  simple(
    '?string on booleans and values',
    '${t?string("yes","no")}|${f?string("yes","no")}|${n?string}|${s?string}|${t?c}',
    {
      t: true,
      f: false,
      n: 12,
      s: 'str',
    },
  ),
  simple('boolean interpolation fails', '${b}', { b: true }),
  simple('missing value fails', '${nope}'),
  simple('missing nested with parentheses defaults', '${(a.b.c)!"d"}|${(a.b)!}|${x!"y"}'),
  simple('missing parent without parentheses fails', '${a.b!"d"}'),
  simple('default right side is a whole expression', '${x!1 + 2}|${y!1 + 2}', { x: 10 }),
  simple(
    '?? and has_content',
    '${(a??)?c}${(b??)?c}${(n??)?c}|${a?has_content?c}${e?has_content?c}${l?has_content?c}${z?has_content?c}${h?has_content?c}${f?has_content?c}',
    {
      a: 'x',
      n: null,
      e: '',
      l: [],
      z: 0,
      h: {},
      f: false,
    },
  ),
  simple(
    'loop variables and sep',
    '<#list xs as x>${x_index}:${x}<#if x_has_next>,</#if></#list>|<#list xs as x>${x}<#sep>; </#list>|<#list xs as x>${x?counter}${x?is_first?c}${x?is_last?c}${x?index}${x?has_next?c}<#sep>/</#sep>!</#list>',
    { xs: ['a', 'b', 'c'] },
  ),
  simple(
    'list else',
    '<#list xs as x>${x}<#else>none</#list>|<#list ys as y>${y}<#else>none</#list>|<#list zs! as z>${z}</#list>.',
    {
      xs: [],
      ys: [1, 2],
    },
  ),
  simple('nested lists', '<#list rs as r>[<#list r.items as i>${r.name}${i}<#sep>,</#list>]</#list>', {
    rs: [
      { name: 'a', items: [1, 2] },
      { name: 'b', items: [] },
    ],
  }),
  simple('listing a hash fails', '<#list h as x>${x}</#list>', { h: { a: 1 } }),
  simple('listing a missing value fails', '<#list nope as x>${x}</#list>'),
  simple(
    'if elseif else and comparisons',
    '<#list ns as n><#if n == 1>one<#elseif n gt 5>big<#elseif (n > 2)>mid<#else>small</#if>,</#list>|<#if s == "a" && !f || false>T<#else>F</#if>|<#if s != "b">ne</#if>|<#if n2 gte 3 && n2 lte 3 && n2 lt 4>eq</#if>',
    { ns: [1, 2, 3, 9], s: 'a', f: false, n2: 3 },
  ),
  simple('comparing a string with a number fails', '${(1 == "1")?c}'),
  simple('non-boolean condition fails', '<#if x>y</#if>', { x: 1 }),
  simple('bare > ends the tag', '<#if x > 0>yes</#if>', { x: 1 }),
  simple(
    'assign and arithmetic',
    '<#assign total = 0><#list xs as x><#assign total = total + x></#list>${total?c}|<#assign a = 1 b = "two", c = a * 3 - 1>${a}${b}${c}|${-x}',
    {
      xs: [100, -250, 12345],
      x: 5,
    },
  ),
  simple('string concatenation', '${"a" + 1 + "b"}|${s + "!"}|${\'single\' + "double"}', { s: 'x' }),
  simple('string escapes in literals', '${"q\\"\\\\\\n\\t\\l\\g\\a\\{"}|${r"raw\\n${x}"}'),
  simple(
    'string built-ins',
    '${s?upper_case}|${s?lower_case}|[${p?trim}]|${s?length}|${s?replace("ß", "ss")}|${n?json_string}|${(s?length > 3)?c}',
    {
      s: 'Straße Äb',
      p: '\u0000 \t pad \u00a0',
      n: 1234567,
    },
  ),
  simple('size and then', '${xs?size}|${h?size}|${b?then("Y","N")}|${(xs?size == 2)?then(1, 2)}', {
    xs: [1, 2],
    h: { a: 1, b: 2, c: 3 },
    b: true,
  }),
  simple('index access', '${h["a b"]}|${xs[1]}|${(xs[5])!"none"}', { h: { 'a b': 'sp' }, xs: ['x', 'y'] }),
  simple(
    'whitespace: tag-only lines',
    'A\n  <#if true>\n  b\n  </#if>\nc\n<#list xs as x>\n    ${x}\n</#list>\nend\n',
    { xs: [1, 2] },
  ),
  simple('whitespace: leading tag line', '<#if true>\n  x\n</#if>\n  <#list xs as x>\n  ${x}\n  </#list>\n', {
    xs: [1],
  }),
  simple(
    'whitespace: first text is never stripped',
    '  <#if true>x</#if>\n  <#assign a = 1>\n\t<#-- c -->\n${a}',
  ),
  simple(
    'whitespace: interpolation keeps the line',
    '  ${x} <#if true>\n  y <#if true>z</#if>\n  </#if>  \n',
    { x: 1 },
  ),
  simple(
    'whitespace: comments and assignments',
    '<#-- header -->\n<#assign a = 1>\n\n<#assign b = 2>\n  <#-- x -->  \n${a}${b}\n',
  ),
  simple(
    'whitespace: CRLF line breaks',
    'a\r\n<#if true>\r\n  b\r\n</#if>\r\nc\r\n<#list xs as x>\r\n${x}\r\n</#list>\r\n',
    { xs: [1, 2] },
  ),
  simple(
    'whitespace: t lt rt nt',
    'a\n  <#t>  b  \n  c <#lt>\n  d <#rt>\n  e\n  f <#nt>\n  <#if true>\n  g\n  </#if>\n',
    {},
  ),
  simple(
    'whitespace: trim inside lists',
    '[\n<#list xs as x>\n  {"v":${x}}<#if x_has_next>,</#if>\n</#list>\n]',
    { xs: [1, 2, 3] },
  ),
  simple(
    'whitespace: else on its own line',
    '<#list xs as x>\n  <#if x == 1>\n    one\n  <#elseif x == 2>\n    two\n  <#else>\n    other\n  </#if>\n</#list>\n<#list ys as y>\n  ${y}\n<#else>\n  empty\n</#list>\n',
    {
      xs: [1, 2, 3],
      ys: [],
    },
  ),
  simple('whitespace: sep on own line', '<#list xs as x>\n  ${x}\n  <#sep>\n  ,\n</#list>\n', {
    xs: ['a', 'b'],
  }),
  simple('whitespace: empty if on a line with text', 'x <#if false></#if>\n  y\n<#if false></#if>  \nz'),
  simple('unknown directive fails', '<#foo>'),
  simple('unclosed if fails', '<#if true>x'),
  simple('mismatched end tag fails', '<#if true>x</#list>'),
  simple('unclosed interpolation fails', '${x'),
  { name: 'macro call is refused', template: '<#macro m>x</#macro><@m/>', model: {}, unsupported: true },
  { name: 'unknown built-in is refused', template: '${x?is_string?c}', model: { x: 'a' }, unsupported: true },
  { name: 'ranges are refused', template: '<#list 1..3 as i>${i}</#list>', model: {}, unsupported: true },
  { name: 'decimal arithmetic is refused', template: '${a / 3}', model: { a: 10 }, unsupported: true },
  { name: 'fractional addition is refused', template: '${0.1 + 0.2}', model: {}, unsupported: true },
  { name: 'legacy #{} is refused', template: '#{x}', model: { x: 1 }, unsupported: true },
  { name: 'include is refused', template: '<#include "x.ftl">', model: {}, unsupported: true },
];
