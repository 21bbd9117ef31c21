// Tokenizer and recursive-descent parser for FreeMarker expressions (the supported subset). Precedence follows
// the FreeMarker manual: unary, multiplicative, additive, relational, equality, &&, ||; postfix `.`, `[]`,
// `?builtin`, `??` and `!` bind tightest on their left. Measured against Apache FreeMarker 2.3.31: the
// right side of the `!` default operator extends over a whole expression (`x!1 + 2` is `x!(1 + 2)`).
// Inside a directive a bare `>` ends the tag unless it sits within parentheses, as in FreeMarker.
import type { Expr } from './ast.ts';
import { syntaxError, TemplateError, unsupported, type SourcePosition } from './errors.ts';
import type { SourceText } from './source.ts';
import { SUPPORTED_BUILTINS } from './builtins.ts';

type TokenType = 'str' | 'num' | 'id' | 'op' | 'end';

interface Token {
  readonly type: TokenType;
  readonly value: string;
  readonly start: number;
  readonly end: number;
  /** str tokens: the decoded value. */
  readonly decoded?: string;
}

const OPERATORS = [
  '??',
  '!=',
  '==',
  '<=',
  '>=',
  '&&',
  '||',
  '..',
  '?',
  '!',
  '=',
  '<',
  '>',
  '.',
  '[',
  ']',
  '(',
  ')',
  ',',
  '+',
  '-',
  '*',
  '/',
  '%',
  ':',
  '{',
  '}',
  ';',
  '&',
  '|',
] as const;

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  l: '<',
  g: '>',
  a: '&',
  '{': '{',
  '=': '=',
};

const isIdStart = (c: string): boolean => /[\p{L}_$@]/u.test(c);
const isIdPart = (c: string): boolean => /[\p{L}\p{N}_$@]/u.test(c);

export class ExpressionParser {
  private readonly source: SourceText;
  private readonly mode: 'interp' | 'directive';
  private pos: number;
  private depth = 0;
  private lookahead: Token | undefined;

  constructor(source: SourceText, start: number, mode: 'interp' | 'directive') {
    this.source = source;
    this.pos = start;
    this.mode = mode;
  }

  private where(offset: number): SourcePosition {
    return this.source.at(offset);
  }

  private scan(): Token {
    const text = this.source.text;
    while (this.pos < text.length && /[ \t\r\n]/.test(text[this.pos] ?? '')) this.pos += 1;
    const start = this.pos;
    if (start >= text.length) {
      throw syntaxError(
        this.mode === 'interp' ? 'Unclosed "${": missing "}"' : 'Unclosed directive: missing ">"',
        this.where(start),
      );
    }
    const c = text[start] ?? '';
    if (this.depth === 0) {
      if (this.mode === 'interp' && c === '}') {
        this.pos += 1;
        return { type: 'end', value: '}', start, end: this.pos };
      }
      if (this.mode === 'directive' && c === '>') {
        this.pos += 1;
        return { type: 'end', value: '>', start, end: this.pos };
      }
      if (this.mode === 'directive' && c === '/' && text[start + 1] === '>') {
        this.pos += 2;
        return { type: 'end', value: '/>', start, end: this.pos };
      }
    }
    if (c === '"' || c === "'" || (c === 'r' && (text[start + 1] === '"' || text[start + 1] === "'"))) {
      return this.scanString(start);
    }
    if (/[0-9]/.test(c)) {
      let end = start;
      while (/[0-9]/.test(text[end] ?? '')) end += 1;
      if (text[end] === '.' && /[0-9]/.test(text[end + 1] ?? '')) {
        end += 1;
        while (/[0-9]/.test(text[end] ?? '')) end += 1;
      }
      this.pos = end;
      return { type: 'num', value: text.slice(start, end), start, end };
    }
    if (isIdStart(c)) {
      let end = start + 1;
      while (end < text.length && isIdPart(text[end] ?? '')) end += 1;
      if (text[end] === '\\') throw unsupported('An escaped character in a name', this.where(end));
      this.pos = end;
      return { type: 'id', value: text.slice(start, end), start, end };
    }
    for (const op of OPERATORS) {
      if (text.startsWith(op, start)) {
        this.pos = start + op.length;
        if (op === '(' || op === '[') this.depth += 1;
        if ((op === ')' || op === ']') && this.depth > 0) this.depth -= 1;
        return { type: 'op', value: op, start, end: this.pos };
      }
    }
    throw syntaxError(`Unexpected character ${JSON.stringify(c)} in an expression`, this.where(start));
  }

  private scanString(start: number): Token {
    const text = this.source.text;
    const raw = text[start] === 'r';
    const quote = text[raw ? start + 1 : start] ?? '"';
    let i = raw ? start + 2 : start + 1;
    let decoded = '';
    for (;;) {
      if (i >= text.length) throw syntaxError('Unclosed string literal', this.where(start));
      const c = text[i] ?? '';
      if (c === quote) break;
      if (!raw && c === '\\') {
        const e = text[i + 1] ?? '';
        if (e === 'x') {
          let j = i + 2;
          while (j < i + 6 && /[0-9a-fA-F]/.test(text[j] ?? '')) j += 1;
          if (j === i + 2) throw syntaxError('Malformed \\x escape in a string literal', this.where(i));
          decoded += String.fromCharCode(parseInt(text.slice(i + 2, j), 16));
          i = j;
          continue;
        }
        const mapped = ESCAPES[e];
        if (mapped === undefined)
          throw syntaxError(`Unknown escape "\\${e}" in a string literal`, this.where(i));
        decoded += mapped;
        i += 2;
        continue;
      }
      if (!raw && (c === '$' || c === '#') && text[i + 1] === '{') {
        throw unsupported('Interpolation inside a string literal', this.where(i));
      }
      decoded += c;
      i += 1;
    }
    this.pos = i + 1;
    return { type: 'str', value: text.slice(start, this.pos), start, end: this.pos, decoded };
  }

  peek(): Token {
    this.lookahead ??= this.scan();
    return this.lookahead;
  }

  next(): Token {
    const token = this.peek();
    this.lookahead = undefined;
    return token;
  }

  private isOp(value: string): boolean {
    const t = this.peek();
    return t.type === 'op' && t.value === value;
  }

  isId(value: string): boolean {
    const t = this.peek();
    return t.type === 'id' && t.value === value;
  }

  expectOp(value: string): Token {
    const t = this.next();
    if (t.type !== 'op' || t.value !== value) {
      throw syntaxError(`Expected "${value}" but found ${describe(t)}`, this.where(t.start));
    }
    return t;
  }

  expectId(what: string): Token {
    const t = this.next();
    if (t.type !== 'id') throw syntaxError(`Expected ${what} but found ${describe(t)}`, this.where(t.start));
    return t;
  }

  /** Consumes the closing `}` or `>` / `/>`; returns the offset just after it and whether it was `/>`. */
  expectEnd(): { end: number; selfClosing: boolean } {
    const t = this.next();
    if (t.type !== 'end') {
      throw syntaxError(
        `Expected the end of the ${this.mode === 'interp' ? '${...}' : 'directive'} but found ${describe(t)}`,
        this.where(t.start),
      );
    }
    return { end: t.end, selfClosing: t.value === '/>' };
  }

  private node(start: number, fields: Record<string, unknown>): Expr {
    const end = this.lastEnd;
    return {
      ...fields,
      at: this.where(start),
      src: this.source.text.slice(start, end),
    } as unknown as Expr;
  }

  private lastEnd = 0;

  private take(): Token {
    const t = this.next();
    this.lastEnd = t.end;
    return t;
  }

  parseExpression(): Expr {
    return this.parseOr();
  }

  private binary(
    parseOperand: () => Expr,
    operators: Readonly<Record<string, Extract<Expr, { k: 'bin' }>['op']>>,
  ): Expr {
    const start = this.peek().start;
    let left = parseOperand();
    for (;;) {
      const t = this.peek();
      const op = t.type === 'op' || t.type === 'id' ? operators[t.value] : undefined;
      if (op === undefined) return left;
      this.take();
      const right = parseOperand();
      checkLiteralOperand(op, left);
      checkLiteralOperand(op, right);
      left = this.node(start, { k: 'bin', op, l: left, r: right });
    }
  }

  private parseOr = (): Expr => this.binary(this.parseAnd, { '||': '||' });
  private parseAnd = (): Expr => this.binary(this.parseEquality, { '&&': '&&' });
  private parseEquality = (): Expr =>
    this.binary(this.parseRelational, { '==': '==', '=': '==', '!=': '!=' });
  private parseRelational = (): Expr =>
    this.binary(this.parseAdditive, {
      '<': '<',
      '<=': '<=',
      '>': '>',
      '>=': '>=',
      lt: '<',
      lte: '<=',
      gt: '>',
      gte: '>=',
    });
  private parseAdditive = (): Expr => this.binary(this.parseMultiplicative, { '+': '+', '-': '-' });
  private parseMultiplicative = (): Expr => {
    const left = this.binary(this.parseUnary, { '*': '*' });
    const t = this.peek();
    if (t.type === 'op' && (t.value === '/' || t.value === '%')) {
      throw unsupported(`The "${t.value}" operator (decimal division)`, this.where(t.start));
    }
    return left;
  };

  /** FreeMarker: `!` may repeat before a primary expression; unary `-`/`+` take a primary expression only. */
  private parseUnary = (): Expr => {
    const t = this.peek();
    if (t.type === 'op' && (t.value === '!' || t.value === '-' || t.value === '+')) {
      this.take();
      const e = t.value === '!' && this.isOp('!') ? this.parseUnary() : this.parsePostfix();
      checkLiteralOperand(t.value === '!' ? '!' : '-', e);
      return this.node(t.start, { k: t.value === '!' ? 'not' : t.value === '-' ? 'neg' : 'pos', e });
    }
    return this.parsePostfix();
  };

  /**
   * The right side of `!` is taken when an expression parses from here (FreeMarker uses a syntactic
   * look-ahead): `x! + 1` is `x!(+1)`, but in `(3)! + !b` unary plus cannot take `!b`, so the default is empty.
   */
  private tryParseDefaultRhs(): Expr | undefined {
    const t = this.peek();
    if (t.type === 'end') return undefined;
    if (t.type === 'id' && ['as', 'gt', 'gte', 'lt', 'lte', 'using'].includes(t.value)) return undefined;
    const saved = { pos: this.pos, depth: this.depth, lookahead: this.lookahead, lastEnd: this.lastEnd };
    try {
      return this.parseExpression();
    } catch (error) {
      if (!(error instanceof TemplateError) || error.kind !== 'syntax') throw error;
      this.pos = saved.pos;
      this.depth = saved.depth;
      this.lookahead = saved.lookahead;
      this.lastEnd = saved.lastEnd;
      return undefined;
    }
  }

  private parsePostfix(): Expr {
    const start = this.peek().start;
    let e = this.parsePrimary();
    for (;;) {
      const t = this.peek();
      if (t.type !== 'op') return e;
      if (t.value === '.') {
        this.take();
        const name = this.peek();
        if (name.type !== 'id') {
          throw syntaxError(`Expected a name after "." but found ${describe(name)}`, this.where(name.start));
        }
        this.take();
        e = this.node(start, { k: 'dot', target: e, name: name.value });
      } else if (t.value === '[') {
        this.take();
        const key = this.parseExpression();
        if (this.isOp('..')) throw unsupported('A range in "[...]"', this.where(this.peek().start));
        this.lastEnd = this.expectOp(']').end;
        e = this.node(start, { k: 'index', target: e, key });
      } else if (t.value === '?') {
        this.take();
        const name = this.peek();
        if (name.type !== 'id') {
          throw syntaxError(
            `Expected a built-in name after "?" but found ${describe(name)}`,
            this.where(name.start),
          );
        }
        if (!SUPPORTED_BUILTINS.has(name.value))
          throw unsupported(`The built-in "?${name.value}"`, this.where(name.start));
        this.take();
        let args: Expr[] | undefined;
        if (this.isOp('(')) {
          this.take();
          args = [];
          if (!this.isOp(')')) {
            for (;;) {
              args.push(this.parseExpression());
              if (this.isOp(',')) {
                this.take();
                continue;
              }
              break;
            }
          }
          this.lastEnd = this.expectOp(')').end;
        }
        e = this.node(start, { k: 'builtin', target: e, name: name.value, ...(args ? { args } : {}) });
      } else if (t.value === '??') {
        this.take();
        e = this.node(start, { k: 'exists', target: e });
      } else if (t.value === '!') {
        this.take();
        const rhs = this.tryParseDefaultRhs();
        if (rhs) return this.node(start, { k: 'default', target: e, rhs });
        e = this.node(start, { k: 'default', target: e });
      } else if (t.value === '(') {
        throw unsupported('Calling a method or macro', this.where(t.start));
      } else {
        return e;
      }
    }
  }

  private parsePrimary(): Expr {
    const t = this.peek();
    if (t.type === 'str') {
      this.take();
      return this.node(t.start, { k: 'str', v: t.decoded ?? '' });
    }
    if (t.type === 'num') {
      this.take();
      if (this.isOp('..')) throw unsupported('A numeric range', this.where(t.start));
      return this.node(t.start, { k: 'num', v: Number(t.value) });
    }
    if (t.type === 'id') {
      this.take();
      if (t.value === 'true' || t.value === 'false')
        return this.node(t.start, { k: 'bool', v: t.value === 'true' });
      return this.node(t.start, { k: 'var', name: t.value });
    }
    if (t.type === 'op' && t.value === '(') {
      this.take();
      const e = this.parseExpression();
      this.lastEnd = this.expectOp(')').end;
      return this.node(t.start, { k: 'paren', e });
    }
    if (t.type === 'op' && (t.value === '[' || t.value === '{')) {
      throw unsupported('A sequence or hash literal', this.where(t.start));
    }
    if (t.type === 'op' && t.value === '.')
      throw unsupported('A special variable (".name")', this.where(t.start));
    throw syntaxError(`Expected an expression but found ${describe(t)}`, this.where(t.start));
  }
}

/**
 * FreeMarker refuses at parse time a literal of the wrong type as an operand (`x - true`, `a && 'it'`), even
 * where the expression would never be evaluated; measured with the oracle.
 */
function checkLiteralOperand(op: string, operand: Expr): void {
  const k = operand.k;
  if (k !== 'str' && k !== 'num' && k !== 'bool') return;
  const logical = op === '&&' || op === '||' || op === '!';
  const numeric = op === '-' || op === '*';
  const relational = op === '<' || op === '<=' || op === '>' || op === '>=';
  const wrong = (logical && k !== 'bool') || (numeric && k !== 'num') || (relational && k !== 'num');
  if (wrong)
    throw syntaxError(
      `A ${k === 'str' ? 'string' : k === 'num' ? 'number' : 'boolean'} literal can't be an operand of "${op}"`,
      operand.at,
    );
}

function describe(t: Token): string {
  if (t.type === 'end') return `the end of the tag ("${t.value}")`;
  return `${JSON.stringify(t.value)}`;
}
