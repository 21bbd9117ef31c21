// Executes the element tree over a JSON-shaped data model. Semantics follow Apache FreeMarker 2.3.31 with
// the default configuration (measured with the oracle test): booleans never print without ?c or
// ?string(a, b), missing values are errors unless `!`, `??` or ?has_content handle them, comparisons need
// operands of the same type, and arithmetic is refused unless it is exact integer arithmetic (amounts are
// integer cents; FreeMarker computes in BigDecimal, which plain JS numbers cannot copy for fractions).
import type { Element, Expr } from './ast.ts';
import { MissingValueError, renderError, unsupported } from './errors.ts';
import { LOOP_BUILTINS, STRING_BUILTINS } from './builtins.ts';
import {
  EMPTY_DEFAULT,
  formatComputer,
  formatNumber,
  isHash,
  isSequence,
  javaTrim,
  jsonString,
  typeName,
  wrap,
  type FmValue,
  type NumberFormat,
} from './values.ts';

interface LoopFrame {
  readonly name: string;
  readonly item: unknown;
  readonly index: number;
  readonly hasNext: boolean;
}

export interface EvaluateOptions {
  readonly numberFormat: NumberFormat;
}

export class Evaluator {
  private readonly out: string[] = [];
  private readonly globals = new Map<string, FmValue>();
  private readonly loops: LoopFrame[] = [];
  private readonly model: Readonly<Record<string, unknown>>;
  private readonly options: EvaluateOptions;

  constructor(model: Readonly<Record<string, unknown>>, options: EvaluateOptions) {
    this.model = model;
    this.options = options;
  }

  render(root: Element): string {
    this.execute(root);
    return this.out.join('');
  }

  private executeAll(children: readonly Element[]): void {
    for (const child of children) this.execute(child);
  }

  private execute(e: Element): void {
    switch (e.kind) {
      case 'root':
        this.executeAll(e.children);
        return;
      case 'text':
        this.out.push(e.text ?? '');
        return;
      case 'interp':
        if (e.expr) this.out.push(this.toText(e.expr, this.value(e.expr), 'interpolation'));
        return;
      case 'cond':
        if (e.expr === undefined || this.bool(e.expr, '#if condition')) this.executeAll(e.children);
        return;
      case 'ifblock':
        for (const branch of e.children) {
          if (branch.expr === undefined || this.bool(branch.expr, '#if condition')) {
            this.executeAll(branch.children);
            return;
          }
        }
        return;
      case 'list':
        this.list(e, undefined);
        return;
      case 'listelse':
        if (e.children[0]) this.list(e.children[0], e.children[1]);
        return;
      case 'sep': {
        const frame = this.loops[this.loops.length - 1];
        if (!frame) throw renderError('#sep must be inside a #list', e.at);
        if (frame.hasNext) this.executeAll(e.children);
        return;
      }
      case 'assign':
        for (const { name, value } of e.assignments ?? []) this.globals.set(name, this.value(value));
        return;
      case 'elseoflist':
      case 'trim':
      case 'comment':
        return;
    }
  }

  private list(e: Element, elseOf: Element | undefined): void {
    if (!e.expr || !e.loopVar) return;
    const value = this.value(e.expr);
    let items: readonly unknown[];
    if (value === EMPTY_DEFAULT) items = [];
    else if (isSequence(value)) items = value;
    else if (isHash(value)) {
      throw renderError(
        `The value you try to list is a hash, thus you must specify two loop variables after the "as":\n==> ${e.expr.src}`,
        e.expr.at,
      );
    } else {
      throw renderError(
        `Expected a sequence, but this has evaluated to ${typeName(value)}:\n==> ${e.expr.src}`,
        e.expr.at,
      );
    }
    if (items.length === 0) {
      if (elseOf) this.executeAll(elseOf.children);
      return;
    }
    items.forEach((item, index) => {
      this.loops.push({ name: e.loopVar ?? '', item, index, hasNext: index + 1 < items.length });
      try {
        this.executeAll(e.children);
      } finally {
        this.loops.pop();
      }
    });
  }

  /** Evaluates to a value; a missing top-level variable or hash key evaluates to undefined. */
  private evaluate(x: Expr): FmValue | undefined {
    switch (x.k) {
      case 'str':
      case 'num':
      case 'bool':
        return x.v;
      case 'var':
        return this.variable(x.name);
      case 'paren':
        return this.evaluate(x.e);
      case 'dot': {
        const target = this.value(x.target);
        if (target === EMPTY_DEFAULT) return undefined;
        if (!isHash(target)) {
          throw renderError(
            `Expected a hash, but this has evaluated to ${typeName(target)}:\n==> ${x.target.src}`,
            x.target.at,
          );
        }
        return Object.hasOwn(target, x.name) ? wrap(target[x.name]) : undefined;
      }
      case 'index': {
        const target = this.value(x.target);
        const key = this.value(x.key);
        if (isSequence(target) && typeof key === 'number') {
          if (!Number.isInteger(key)) throw unsupported('A fractional sequence index', x.key.at);
          return key >= 0 && key < target.length ? wrap(target[key]) : undefined;
        }
        if (isHash(target) && typeof key === 'string')
          return Object.hasOwn(target, key) ? wrap(target[key]) : undefined;
        throw renderError(`Cannot use ${typeName(key)} to index ${typeName(target)}:\n==> ${x.src}`, x.at);
      }
      case 'default': {
        const value = this.tolerant(x.target);
        if (value !== undefined) return value;
        return x.rhs ? this.evaluate(x.rhs) : EMPTY_DEFAULT;
      }
      case 'exists':
        return this.tolerant(x.target) !== undefined;
      case 'not':
        return !this.bool(x.e, 'operand of "!"');
      case 'neg':
      case 'pos': {
        const n = this.number(x.e);
        return x.k === 'neg' ? -n : n;
      }
      case 'builtin':
        return this.builtin(x);
      case 'bin':
        return this.binary(x);
    }
  }

  /** Like evaluate, but a missing value is an error. */
  private value(x: Expr): FmValue {
    const v = this.evaluate(x);
    if (v === undefined) throw new MissingValueError(x.src, x.at);
    return v;
  }

  /**
   * For `!`, `??` and ?has_content: a parenthesized target swallows a missing value anywhere inside it;
   * without parentheses only the last step may be missing (`a.b!x` fails when `a` is missing).
   */
  private tolerant(x: Expr): FmValue | undefined {
    if (x.k !== 'paren') return this.evaluate(x);
    try {
      return this.evaluate(x);
    } catch (error) {
      if (error instanceof MissingValueError) return undefined;
      throw error;
    }
  }

  private variable(name: string): FmValue | undefined {
    for (let i = this.loops.length - 1; i >= 0; i -= 1) {
      const frame = this.loops[i];
      if (!frame) continue;
      if (frame.name === name) return wrap(frame.item);
      if (name === `${frame.name}_index`) return frame.index;
      if (name === `${frame.name}_has_next`) return frame.hasNext;
    }
    if (this.globals.has(name)) return this.globals.get(name);
    return Object.hasOwn(this.model, name) ? wrap(this.model[name]) : undefined;
  }

  private bool(x: Expr, role: string): boolean {
    const v = this.value(x);
    if (typeof v !== 'boolean') {
      throw renderError(
        `For ${role}: Expected a boolean, but this has evaluated to ${typeName(v)}:\n==> ${x.src}`,
        x.at,
      );
    }
    return v;
  }

  private number(x: Expr): number {
    const v = this.value(x);
    if (typeof v !== 'number') {
      throw renderError(`Expected a number, but this has evaluated to ${typeName(v)}:\n==> ${x.src}`, x.at);
    }
    return v;
  }

  /** A value printed by ${...} or coerced by a string built-in. */
  private toText(x: Expr, v: FmValue, role: string): string {
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return formatNumber(v, this.options.numberFormat);
    if (v === EMPTY_DEFAULT) return '';
    if (typeof v === 'boolean') {
      throw renderError(
        `Can't convert boolean to string automatically, because the "boolean_format" setting was "true,false" (${role}); use ?c or ?string("yes", "no"):\n==> ${x.src}`,
        x.at,
      );
    }
    throw renderError(
      `Expected a string or something automatically convertible to string (number, date or boolean), but this has evaluated to ${typeName(v)} (${role}):\n==> ${x.src}`,
      x.at,
    );
  }

  private builtin(x: Extract<Expr, { k: 'builtin' }>): FmValue {
    const args = x.args ?? [];
    const arity = (count: number): void => {
      if (args.length !== count) {
        throw renderError(
          `?${x.name} expects ${count} argument(s), but has received ${args.length}:\n==> ${x.src}`,
          x.at,
        );
      }
    };
    if (x.name === 'has_content') {
      arity(0);
      const v = this.tolerant(x.target);
      if (v === undefined || v === EMPTY_DEFAULT) return false;
      if (typeof v === 'string') return v.length > 0;
      if (isSequence(v)) return v.length > 0;
      if (isHash(v)) return Object.keys(v).length > 0;
      return true;
    }
    if (LOOP_BUILTINS.has(x.name)) {
      arity(0);
      const frame =
        x.target.k === 'var'
          ? [...this.loops].reverse().find((f) => f.name === (x.target as { name: string }).name)
          : undefined;
      if (!frame)
        throw renderError(`The left side of ?${x.name} must be a loop variable:\n==> ${x.target.src}`, x.at);
      switch (x.name) {
        case 'has_next':
          return frame.hasNext;
        case 'index':
          return frame.index;
        case 'counter':
          return frame.index + 1;
        case 'is_first':
          return frame.index === 0;
        default:
          return !frame.hasNext;
      }
    }
    const target = this.value(x.target);
    if (STRING_BUILTINS.has(x.name)) {
      const s = this.toText(x.target, target, `?${x.name}`);
      switch (x.name) {
        case 'json_string':
          arity(0);
          return jsonString(s);
        case 'upper_case':
          arity(0);
          return s.toUpperCase();
        case 'lower_case':
          arity(0);
          return s.toLowerCase();
        case 'trim':
          arity(0);
          return javaTrim(s);
        case 'length':
          arity(0);
          return s.length;
        default: {
          arity(2);
          const [a, b] = args.map((arg) => this.toText(arg, this.value(arg), '?replace argument'));
          if (!a) throw unsupported('?replace with an empty search string', x.at);
          return s.split(a).join(b ?? '');
        }
      }
    }
    switch (x.name) {
      case 'c':
        arity(0);
        if (typeof target === 'number') return formatComputer(target);
        if (typeof target === 'boolean') return target ? 'true' : 'false';
        throw renderError(
          `For "?c" left-hand operand: Expected a number or boolean, but this has evaluated to ${typeName(target)}:\n==> ${x.target.src}`,
          x.target.at,
        );
      case 'string':
        if (args.length === 0) return this.toText(x.target, target, '?string');
        if (typeof target === 'boolean' && args.length === 2) {
          const chosen = target ? args[0] : args[1];
          return chosen ? this.toText(chosen, this.value(chosen), '?string argument') : '';
        }
        throw unsupported(`?string with ${args.length} argument(s) on ${typeName(target)}`, x.at);
      case 'size':
        arity(0);
        if (isSequence(target)) return target.length;
        if (isHash(target)) return Object.keys(target).length;
        if (target === EMPTY_DEFAULT) return 0;
        throw renderError(
          `Expected a sequence or hash, but this has evaluated to ${typeName(target)}:\n==> ${x.target.src}`,
          x.target.at,
        );
      case 'then': {
        arity(2);
        if (typeof target !== 'boolean') {
          throw renderError(
            `Expected a boolean, but this has evaluated to ${typeName(target)}:\n==> ${x.target.src}`,
            x.target.at,
          );
        }
        const chosen = target ? args[0] : args[1];
        return chosen ? this.value(chosen) : '';
      }
      default:
        throw unsupported(`The built-in "?${x.name}"`, x.at);
    }
  }

  private binary(x: Extract<Expr, { k: 'bin' }>): FmValue {
    if (x.op === '&&')
      return this.bool(x.l, 'left operand of "&&"') && this.bool(x.r, 'right operand of "&&"');
    if (x.op === '||')
      return this.bool(x.l, 'left operand of "||"') || this.bool(x.r, 'right operand of "||"');
    if (x.op === '-' || x.op === '*') {
      // FreeMarker checks the left operand before it evaluates the right one.
      const l = this.number(x.l);
      const r = this.number(x.r);
      return this.integerArithmetic(x, l, r);
    }
    // Comparisons and "+" evaluate both sides before complaining that one is missing (measured).
    const left = this.evaluate(x.l);
    const right = this.evaluate(x.r);
    if (x.op === '+') {
      if (typeof left === 'number' && typeof right === 'number')
        return this.integerArithmetic(x, left, right);
      if (
        (isSequence(left ?? '') && isSequence(right ?? '')) ||
        (isHash(left ?? '') && isHash(right ?? ''))
      ) {
        throw unsupported('Concatenating sequences or hashes with "+"', x.at);
      }
      // Otherwise string concatenation: the left side is converted (and may fail) before the right one.
      if (left === undefined) throw new MissingValueError(x.l.src, x.l.at);
      const leftText = this.toText(x.l, left, '"+" operand');
      if (right === undefined) throw new MissingValueError(x.r.src, x.r.at);
      return leftText + this.toText(x.r, right, '"+" operand');
    }
    if (left === undefined) throw new MissingValueError(x.l.src, x.l.at);
    if (right === undefined) throw new MissingValueError(x.r.src, x.r.at);
    const l = left;
    const r = right;
    if (x.op === '==' || x.op === '!=') {
      const comparable =
        (typeof l === 'number' && typeof r === 'number') ||
        (typeof l === 'string' && typeof r === 'string') ||
        (typeof l === 'boolean' && typeof r === 'boolean');
      if (!comparable) {
        throw renderError(
          `Can't compare values of these types. Allowed comparisons are between two numbers, two strings, two dates, or two booleans. Left hand operand is ${typeName(l)}, right hand operand is ${typeName(r)}:\n==> ${x.src}`,
          x.at,
        );
      }
      return x.op === '==' ? l === r : l !== r;
    }
    if (x.op === '<' || x.op === '<=' || x.op === '>' || x.op === '>=') {
      if (typeof l !== 'number' || typeof r !== 'number') {
        throw unsupported(`"${x.op}" on ${typeName(l)} and ${typeName(r)} (only numbers)`, x.at);
      }
      if (x.op === '<') return l < r;
      if (x.op === '<=') return l <= r;
      if (x.op === '>') return l > r;
      return l >= r;
    }
    if (typeof l !== 'number' || typeof r !== 'number') {
      throw renderError(
        `Expected numbers for "${String(x.op)}", but got ${typeName(l)} and ${typeName(r)}:\n==> ${x.src}`,
        x.at,
      );
    }
    return this.integerArithmetic(x, l, r);
  }

  private integerArithmetic(x: Extract<Expr, { k: 'bin' }>, l: number, r: number): number {
    const result = x.op === '+' ? l + r : x.op === '-' ? l - r : l * r;
    if (!Number.isSafeInteger(l) || !Number.isSafeInteger(r) || !Number.isSafeInteger(result)) {
      throw unsupported('Arithmetic that is not exact integer arithmetic', x.at);
    }
    return result;
  }
}
