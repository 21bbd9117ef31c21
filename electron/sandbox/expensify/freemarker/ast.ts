// The syntax tree of the supported FreeMarker subset. Template elements mirror FreeMarker's own tree shape
// (a root MixedContent only when there are several top-level elements, directive bodies holding their children
// directly, an if with elseif/else as an IfBlock of ConditionalBlocks) because white-space stripping walks
// that tree and compares element line numbers.
import type { SourcePosition } from './errors.ts';

export type Expr = (
  | { readonly k: 'str'; readonly v: string }
  | { readonly k: 'num'; readonly v: number }
  | { readonly k: 'bool'; readonly v: boolean }
  | { readonly k: 'var'; readonly name: string }
  | { readonly k: 'dot'; readonly target: Expr; readonly name: string }
  | { readonly k: 'index'; readonly target: Expr; readonly key: Expr }
  | { readonly k: 'builtin'; readonly target: Expr; readonly name: string; readonly args?: readonly Expr[] }
  | { readonly k: 'default'; readonly target: Expr; readonly rhs?: Expr }
  | { readonly k: 'exists'; readonly target: Expr }
  | { readonly k: 'not'; readonly e: Expr }
  | { readonly k: 'neg'; readonly e: Expr }
  | { readonly k: 'pos'; readonly e: Expr }
  | { readonly k: 'paren'; readonly e: Expr }
  | {
      readonly k: 'bin';
      readonly op: '+' | '-' | '*' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';
      readonly l: Expr;
      readonly r: Expr;
    }
) & { readonly at: SourcePosition; readonly src: string };

export type ElementKind =
  | 'root'
  | 'text'
  | 'interp'
  | 'ifblock'
  | 'cond'
  | 'list'
  | 'listelse'
  | 'elseoflist'
  | 'sep'
  | 'assign'
  | 'trim'
  | 'comment';

export interface Element {
  readonly kind: ElementKind;
  parent: Element | undefined;
  index: number;
  children: Element[];
  beginLine: number;
  beginColumn: number;
  endLine: number;
  endColumn: number;
  /** text: the literal characters (white-space stripping edits them). */
  text?: string;
  /** interp: the expression; cond: the condition (absent for else); list: the sequence. */
  expr?: Expr;
  /** list: loop variable name. */
  loopVar?: string;
  /** assign: the assignments in order. */
  assignments?: { readonly name: string; readonly value: Expr }[];
  /** trim: `<#t>` is both, `<#lt>` left, `<#rt>` right, `<#nt>` neither. */
  left?: boolean;
  right?: boolean;
  /** Where the opening tag starts, for error messages. */
  at: SourcePosition;
}

export function element(kind: ElementKind, at: SourcePosition, end: SourcePosition): Element {
  return {
    kind,
    parent: undefined,
    index: 0,
    children: [],
    beginLine: at.line,
    beginColumn: at.column,
    endLine: end.line,
    endColumn: end.column,
    at,
  };
}

export function setChildren(parent: Element, children: Element[]): void {
  parent.children = children;
  children.forEach((child, index) => {
    child.parent = parent;
    child.index = index;
  });
}
