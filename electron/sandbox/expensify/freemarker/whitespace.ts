// FreeMarker's white-space stripping (on by default), ported from its post-parse cleanup so that output
// matches byte for byte: in a line holding only FTL tags and comments, the indentation and the line break are
// dropped; `<#t>`, `<#lt>`, `<#rt>` and `<#nt>` trim or keep deliberately. The decisions compare element line
// numbers and walk "terminal nodes" (leaves) across the tree exactly as FreeMarker's TextBlock does, including
// its quirk that the very first top-level text of a template is never stripped.
import type { Element } from './ast.ts';
import { isJavaWhitespace, isTrimmableToEmpty } from './values.ts';

const previousSibling = (e: Element): Element | undefined =>
  e.parent && e.index > 0 ? e.parent.children[e.index - 1] : undefined;
const nextSibling = (e: Element): Element | undefined =>
  e.parent && e.index + 1 < e.parent.children.length ? e.parent.children[e.index + 1] : undefined;

function firstLeaf(e: Element): Element {
  let node = e;
  while (node.children.length > 0 && node.children[0]) node = node.children[0];
  return node;
}

function lastLeaf(e: Element): Element {
  let node = e;
  for (;;) {
    const last = node.children[node.children.length - 1];
    if (!last) return node;
    node = last;
  }
}

function prevTerminal(e: Element): Element | undefined {
  const prev = previousSibling(e);
  if (prev) return lastLeaf(prev);
  return e.parent ? prevTerminal(e.parent) : undefined;
}

function nextTerminal(e: Element): Element | undefined {
  const next = nextSibling(e);
  if (next) return firstLeaf(next);
  return e.parent ? nextTerminal(e.parent) : undefined;
}

const isTopLevel = (parent: Element | undefined): boolean =>
  parent === undefined || (parent.parent === undefined && parent.kind === 'root');
const nonOutputting = (e: Element | undefined): boolean => e?.kind === 'assign' || e?.kind === 'comment';

function isIgnorable(e: Element): boolean {
  // Trim instructions have done their work once the texts around them are cleaned: FreeMarker drops them.
  if (e.kind === 'trim') return true;
  if (e.kind !== 'text') return false;
  const text = e.text ?? '';
  if (text.length === 0) return true;
  if (!isTrimmableToEmpty(text)) return false;
  const atTop = isTopLevel(e.parent);
  const prev = previousSibling(e);
  const next = nextSibling(e);
  return (
    ((prev === undefined && atTop) || nonOutputting(prev)) &&
    ((next === undefined && atTop) || nonOutputting(next))
  );
}

function heedsOpeningWhitespace(e: Element): boolean {
  if (e.kind === 'interp') return true;
  if (e.kind !== 'text' || isIgnorable(e)) return false;
  const text = e.text ?? '';
  for (let i = text.length - 1; i >= 0; i -= 1) {
    const c = text[i] ?? '';
    if (c === '\n' || c === '\r') return false;
    if (!isJavaWhitespace(c)) return true;
  }
  return true;
}

function heedsTrailingWhitespace(e: Element): boolean {
  if (e.kind === 'interp') return true;
  if (e.kind !== 'text' || isIgnorable(e)) return false;
  const text = e.text ?? '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] ?? '';
    if (c === '\n' || c === '\r') return false;
    if (!isJavaWhitespace(c)) return true;
  }
  return true;
}

function firstNewLineIndex(text: string): number {
  for (let i = 0; i < text.length; i += 1) if (text[i] === '\r' || text[i] === '\n') return i;
  return -1;
}

function lastNewLineIndex(text: string): number {
  for (let i = text.length - 1; i >= 0; i -= 1) if (text[i] === '\r' || text[i] === '\n') return i;
  return -1;
}

function deliberateLeftTrim(e: Element): boolean {
  let result = false;
  for (let el = nextTerminal(e); el && el.beginLine === e.endLine; el = nextTerminal(el)) {
    if (el.kind !== 'trim') continue;
    if (!el.left && !el.right) result = true;
    if (el.left) {
      result = true;
      const text = e.text ?? '';
      const lastNl = lastNewLineIndex(text);
      if (lastNl >= 0 || e.beginColumn === 1) {
        const firstPart = text.slice(0, lastNl + 1);
        const lastLine = text.slice(lastNl + 1);
        if (isTrimmableToEmpty(lastLine)) {
          e.text = firstPart;
          e.endColumn = 0;
        } else {
          let i = 0;
          while (isJavaWhitespace(lastLine[i] ?? 'x')) i += 1;
          e.text = firstPart + lastLine.slice(i);
        }
      }
    }
  }
  return result;
}

function deliberateRightTrim(e: Element): boolean {
  let result = false;
  for (let el = prevTerminal(e); el && el.endLine === e.beginLine; el = prevTerminal(el)) {
    if (el.kind !== 'trim') continue;
    if (!el.left && !el.right) result = true;
    if (el.right) {
      result = true;
      const text = e.text ?? '';
      let firstLineIndex = firstNewLineIndex(text) + 1;
      if (firstLineIndex === 0) return false;
      if (
        text.length > firstLineIndex &&
        text[firstLineIndex - 1] === '\r' &&
        text[firstLineIndex] === '\n'
      ) {
        firstLineIndex += 1;
      }
      let trailingPart = text.slice(firstLineIndex);
      const openingPart = text.slice(0, firstLineIndex);
      if (isTrimmableToEmpty(openingPart)) {
        e.text = trailingPart;
        e.beginLine += 1;
        e.beginColumn = 1;
      } else {
        let lastNonWs = openingPart.length - 1;
        while (lastNonWs >= 0 && isJavaWhitespace(text[lastNonWs] ?? 'x')) lastNonWs -= 1;
        const printablePart = text.slice(0, lastNonWs + 1);
        if (isTrimmableToEmpty(trailingPart)) {
          let trimTrailingPart = true;
          for (let te = nextTerminal(e); te && te.beginLine === e.endLine; te = nextTerminal(te)) {
            if (heedsOpeningWhitespace(te)) trimTrailingPart = false;
            if (te.kind === 'trim' && te.left) {
              trimTrailingPart = true;
              break;
            }
          }
          if (trimTrailingPart) trailingPart = '';
        }
        e.text = printablePart + trailingPart;
      }
    }
  }
  return result;
}

function openingCharsToStrip(e: Element): number {
  const text = e.text ?? '';
  let newlineIndex = firstNewLineIndex(text);
  if (newlineIndex === -1 && e.beginColumn !== 1) return 0;
  newlineIndex += 1;
  if (
    text.length > newlineIndex &&
    newlineIndex > 0 &&
    text[newlineIndex - 1] === '\r' &&
    text[newlineIndex] === '\n'
  ) {
    newlineIndex += 1;
  }
  if (!isTrimmableToEmpty(text.slice(0, newlineIndex))) return 0;
  for (let el = prevTerminal(e); el && el.endLine === e.beginLine; el = prevTerminal(el)) {
    if (heedsOpeningWhitespace(el)) return 0;
  }
  return newlineIndex;
}

function trailingCharsToStrip(e: Element): number {
  const text = e.text ?? '';
  const lastNl = lastNewLineIndex(text);
  if (lastNl === -1 && e.beginColumn !== 1) return 0;
  if (!isTrimmableToEmpty(text.slice(lastNl + 1))) return 0;
  for (let el = nextTerminal(e); el && el.beginLine === e.endLine; el = nextTerminal(el)) {
    if (heedsTrailingWhitespace(el)) return 0;
  }
  return text.length - (lastNl + 1);
}

function cleanupText(e: Element): void {
  if ((e.text ?? '').length === 0) return;
  const leftTrim = deliberateLeftTrim(e);
  const rightTrim = deliberateRightTrim(e);
  const text = e.text ?? '';
  if (text.length === 0) return;
  if (isTopLevel(e.parent) && previousSibling(e) === undefined) return;
  const trailing = leftTrim ? 0 : trailingCharsToStrip(e);
  const opening = rightTrim ? 0 : openingCharsToStrip(e);
  if (opening === 0 && trailing === 0) return;
  e.text = text.slice(opening, text.length - trailing);
  if (opening > 0) {
    e.beginLine += 1;
    e.beginColumn = 1;
  }
  if (trailing > 0) e.endColumn = 0;
}

/** Applies white-space stripping to the tree in place (children first, in order, as FreeMarker does). */
export function stripWhitespace(e: Element): void {
  if (e.kind === 'text') {
    cleanupText(e);
    return;
  }
  e.children.forEach((child, index) => {
    child.parent = e;
    child.index = index;
    stripWhitespace(child);
  });
  // FreeMarker re-evaluates ignorability after each removal, with the shifted siblings.
  for (let i = 0; i < e.children.length; i += 1) {
    const child = e.children[i];
    if (child && isIgnorable(child)) {
      e.children.splice(i, 1);
      e.children.forEach((c, index) => (c.index = index));
      i -= 1;
    }
  }
}
