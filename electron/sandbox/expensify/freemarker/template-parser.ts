// Turns template source into FreeMarker's element tree: static text, `${...}`, `<#-- -->` comments and the
// directives of the subset (if/elseif/else, list/else/sep, assign, t/lt/rt/nt). Everything else FreeMarker
// would accept (`<@macro>`, `#{...}`, `<#include>`, ...) is refused rather than rendered approximately.
import { element, setChildren, type Element, type Expr } from './ast.ts';
import { syntaxError, unsupported } from './errors.ts';
import { ExpressionParser } from './expression.ts';
import { SourceText } from './source.ts';

const OTHER_FREEMARKER_DIRECTIVES = new Set([
  'attempt',
  'autoesc',
  'break',
  'case',
  'compress',
  'continue',
  'default',
  'escape',
  'fallback',
  'flush',
  'ftl',
  'function',
  'global',
  'import',
  'include',
  'items',
  'local',
  'macro',
  'nested',
  'noautoesc',
  'noescape',
  'noparse',
  'on',
  'outputformat',
  'recover',
  'recurse',
  'return',
  'setting',
  'stop',
  'switch',
  'visit',
]);

interface Terminator {
  readonly kind: 'close' | 'else' | 'elseif' | 'eof';
  readonly name: string;
  readonly start: number;
  /** Offset just after the tag (for elseif: the parsed condition follows in `parser`). */
  readonly end: number;
  readonly parser?: ExpressionParser;
}

class TemplateParser {
  private readonly source: SourceText;
  private pos = 0;

  constructor(text: string) {
    this.source = new SourceText(text);
  }

  private get text(): string {
    return this.source.text;
  }

  parse(): Element {
    const { children, terminator } = this.parseElements();
    if (terminator.kind !== 'eof') {
      throw syntaxError(
        `Unexpected ${tagText(terminator)} with no matching start tag`,
        this.source.at(terminator.start),
      );
    }
    if (children.length === 1 && children[0]) {
      const only = children[0];
      only.parent = undefined;
      only.index = 0;
      return only;
    }
    const first = children[0];
    const last = children[children.length - 1];
    const root = element(
      'root',
      first ? { line: first.beginLine, column: first.beginColumn } : { line: 1, column: 1 },
      last ? { line: last.endLine, column: last.endColumn } : { line: 1, column: 1 },
    );
    setChildren(root, children);
    return root;
  }

  /** Parses content up to a tag that is not content (an end tag, else, elseif) or the end of the source. */
  private parseElements(): { children: Element[]; terminator: Terminator } {
    const children: Element[] = [];
    for (;;) {
      if (this.pos >= this.text.length) {
        return { children, terminator: { kind: 'eof', name: '', start: this.pos, end: this.pos } };
      }
      const start = this.pos;
      const special = this.findSpecial(start);
      if (special > start) {
        const text = this.leaf('text', start, special, { text: this.text.slice(start, special) });
        // FreeMarker's JavaCC char stream reports a tab at the start of a line at its tab stop (column 8, the
        // default tab_size), not column 1; that decides whether a <#t>/<#lt> trims the template's first text.
        if (start === 0 && this.text[0] === '\t') text.beginColumn = 8;
        children.push(text);
        this.pos = special;
        continue;
      }
      const rest = this.text.slice(start, start + 4);
      if (rest.startsWith('${')) {
        const parser = new ExpressionParser(this.source, start + 2, 'interp');
        const expr = parser.parseExpression();
        const { end } = parser.expectEnd();
        children.push(this.leaf('interp', start, end, { expr }));
        this.pos = end;
        continue;
      }
      if (rest === '<#--') {
        const close = this.text.indexOf('-->', start + 4);
        if (close < 0) throw syntaxError('Unclosed comment: missing "-->"', this.source.at(start));
        children.push(this.leaf('comment', start, close + 3, {}));
        this.pos = close + 3;
        continue;
      }
      if (rest.startsWith('#{'))
        throw unsupported('The legacy "#{...}" interpolation', this.source.at(start));
      if (rest.startsWith('<@') || rest.startsWith('</@')) {
        throw unsupported('Calling a user-defined directive ("<@...>")', this.source.at(start));
      }
      const closing = rest.startsWith('</#');
      const nameStart = start + (closing ? 3 : 2);
      let nameEnd = nameStart;
      while (/[A-Za-z_]/.test(this.text[nameEnd] ?? '')) nameEnd += 1;
      const name = this.text.slice(nameStart, nameEnd);
      if (closing) {
        let end = nameEnd;
        while (/[ \t\r\n]/.test(this.text[end] ?? '')) end += 1;
        if (this.text[end] !== '>') throw syntaxError(`Malformed end tag </#${name}`, this.source.at(start));
        this.pos = end + 1;
        return { children, terminator: { kind: 'close', name, start, end: end + 1 } };
      }
      const parser = new ExpressionParser(this.source, nameEnd, 'directive');
      if (name === 'else') {
        const { end } = parser.expectEnd();
        this.pos = end;
        return { children, terminator: { kind: 'else', name, start, end } };
      }
      if (name === 'elseif') {
        return { children, terminator: { kind: 'elseif', name, start, end: nameEnd, parser } };
      }
      children.push(this.directive(name, start, parser));
    }
  }

  /** Offset of the next `${`, `#{`, `<#x`, `</#x`, `<@`, `</@` or `<#--` at or after `from`. */
  private findSpecial(from: number): number {
    const text = this.text;
    for (let i = from; i < text.length; i += 1) {
      const c = text[i];
      if ((c === '$' || c === '#') && text[i + 1] === '{') return i;
      if (c !== '<') continue;
      const n1 = text[i + 1];
      const n2 = text[i + 2];
      if (n1 === '#' && (text.startsWith('--', i + 2) || /[A-Za-z_]/.test(n2 ?? ''))) return i;
      if (n1 === '/' && n2 === '#' && /[A-Za-z_]/.test(text[i + 3] ?? '')) return i;
      if (n1 === '@' || (n1 === '/' && n2 === '@')) return i;
    }
    return text.length;
  }

  private leaf(kind: Element['kind'], start: number, end: number, fields: Partial<Element>): Element {
    return Object.assign(element(kind, this.source.at(start), this.source.at(end - 1)), fields);
  }

  private span(kind: Element['kind'], start: number, end: number, children: Element[]): Element {
    const el = element(kind, this.source.at(start), this.source.at(end - 1));
    setChildren(el, children);
    return el;
  }

  private directive(name: string, start: number, parser: ExpressionParser): Element {
    const at = this.source.at(start);
    switch (name) {
      case 'if':
        return this.parseIf(start, parser);
      case 'list':
        return this.parseList(start, parser);
      case 'sep': {
        const { end, selfClosing } = parser.expectEnd();
        this.pos = end;
        if (selfClosing) return this.leaf('sep', start, end, {});
        const { children, terminator } = this.parseElements();
        if (terminator.kind === 'close' && terminator.name === 'sep') {
          return this.span('sep', start, terminator.end, children);
        }
        // Without </#sep> the separator runs to the end of the enclosing list body: give the tag back.
        this.pos = terminator.start;
        const last = children[children.length - 1];
        const el = this.span('sep', start, end, children);
        if (last) {
          el.endLine = last.endLine;
          el.endColumn = last.endColumn;
        }
        return el;
      }
      case 'assign': {
        const assignments: { name: string; value: Expr }[] = [];
        for (;;) {
          const target = parser.peek();
          if (target.type === 'end') break;
          if (target.type === 'str')
            throw unsupported('A quoted variable name in #assign', this.source.at(target.start));
          const variable = parser.expectId('a variable name');
          const op = parser.peek();
          if (op.type !== 'op' || op.value !== '=') {
            throw unsupported(
              'This form of #assign (only "name = value" is supported)',
              this.source.at(op.start),
            );
          }
          parser.expectOp('=');
          assignments.push({ name: variable.value, value: parser.parseExpression() });
          const sep = parser.peek();
          if (sep.type === 'op' && sep.value === ',') parser.expectOp(',');
          if (parser.isId('in')) throw unsupported('#assign ... in namespace', at);
        }
        if (assignments.length === 0) throw syntaxError('#assign needs at least one "name = value"', at);
        const { end } = parser.expectEnd();
        this.pos = end;
        return this.leaf('assign', start, end, { assignments });
      }
      case 't':
      case 'lt':
      case 'rt':
      case 'nt': {
        const { end } = parser.expectEnd();
        this.pos = end;
        return this.leaf('trim', start, end, {
          left: name === 't' || name === 'lt',
          right: name === 't' || name === 'rt',
        });
      }
      default:
        if (OTHER_FREEMARKER_DIRECTIVES.has(name)) throw unsupported(`The directive #${name}`, at);
        throw syntaxError(`Unknown directive: #${name}`, at);
    }
  }

  private parseIf(start: number, parser: ExpressionParser): Element {
    const branches: Element[] = [];
    let condStart = start;
    let condition = parser.parseExpression();
    let { end: tagEnd } = parser.expectEnd();
    this.pos = tagEnd;
    for (;;) {
      const { children, terminator } = this.parseElements();
      branches.push(this.branch(condStart, tagEnd, children, condition));
      if (terminator.kind === 'close' && terminator.name === 'if') {
        if (branches.length === 1 && branches[0]) {
          const only = branches[0];
          const endAt = this.source.at(terminator.end - 1);
          only.endLine = endAt.line;
          only.endColumn = endAt.column;
          return only;
        }
        return this.span('ifblock', start, terminator.end, branches);
      }
      if (terminator.kind === 'elseif' && terminator.parser) {
        condStart = terminator.start;
        condition = terminator.parser.parseExpression();
        tagEnd = terminator.parser.expectEnd().end;
        this.pos = tagEnd;
        continue;
      }
      if (terminator.kind === 'else') {
        const { children: elseChildren, terminator: endTag } = this.parseElements();
        if (endTag.kind !== 'close' || endTag.name !== 'if') {
          throw syntaxError(`Expected </#if> but found ${tagText(endTag)}`, this.source.at(endTag.start));
        }
        branches.push(this.branch(terminator.start, terminator.end, elseChildren, undefined));
        return this.span('ifblock', start, endTag.end, branches);
      }
      throw syntaxError(`Expected </#if> but found ${tagText(terminator)}`, this.source.at(terminator.start));
    }
  }

  private branch(start: number, tagEnd: number, children: Element[], condition: Expr | undefined): Element {
    const el = this.span('cond', start, tagEnd, children);
    const last = children[children.length - 1];
    if (last) {
      el.endLine = last.endLine;
      el.endColumn = last.endColumn;
    }
    if (condition) el.expr = condition;
    return el;
  }

  private parseList(start: number, parser: ExpressionParser): Element {
    const expr = parser.parseExpression();
    if (!parser.isId('as'))
      throw syntaxError('Expected "as" after the #list expression', this.source.at(start));
    parser.expectId('"as"');
    const loopVar = parser.expectId('a loop variable name').value;
    if (parser.peek().type === 'op')
      throw unsupported('Listing with two loop variables (key, value)', this.source.at(start));
    const { end: tagEnd } = parser.expectEnd();
    this.pos = tagEnd;
    const { children, terminator } = this.parseElements();
    if (terminator.kind === 'close' && terminator.name === 'list') {
      const list = this.span('list', start, terminator.end, children);
      list.expr = expr;
      list.loopVar = loopVar;
      return list;
    }
    if (terminator.kind === 'else') {
      const list = this.span('list', start, tagEnd, children);
      const last = children[children.length - 1];
      if (last) {
        list.endLine = last.endLine;
        list.endColumn = last.endColumn;
      }
      list.expr = expr;
      list.loopVar = loopVar;
      const { children: elseChildren, terminator: endTag } = this.parseElements();
      if (endTag.kind !== 'close' || endTag.name !== 'list') {
        throw syntaxError(`Expected </#list> but found ${tagText(endTag)}`, this.source.at(endTag.start));
      }
      const elseOf = this.span('elseoflist', terminator.start, terminator.end, elseChildren);
      const lastElse = elseChildren[elseChildren.length - 1];
      if (lastElse) {
        elseOf.endLine = lastElse.endLine;
        elseOf.endColumn = lastElse.endColumn;
      }
      return this.span('listelse', start, endTag.end, [list, elseOf]);
    }
    throw syntaxError(`Expected </#list> but found ${tagText(terminator)}`, this.source.at(terminator.start));
  }
}

function tagText(t: Terminator): string {
  if (t.kind === 'eof') return 'the end of the template';
  if (t.kind === 'close') return `</#${t.name}>`;
  return `<#${t.name}>`;
}

export function parseTemplateTree(text: string): Element {
  return new TemplateParser(text).parse();
}
