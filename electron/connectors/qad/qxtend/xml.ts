// A namespace-aware reading of QXtend replies. Live systems put the common namespace under `ns3`, the
// user guide under `ns2`; the prefix means nothing in XML, so elements are matched by namespace URI and
// local name only (research/qad.md 1.3a).
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XNode {
  readonly ns: string;
  readonly local: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XNode[];
  /** Concatenated text directly inside this element. */
  readonly text: string;
}

type Ordered = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  // Reject DOCTYPE entity tricks: a QXtend reply has no DTD.
  allowBooleanAttributes: true,
});

export type XmlParse = { ok: true; root: XNode } | { ok: false; reason: string };

export function parseXml(xml: string): XmlParse {
  const text = xml.replace(/^\uFEFF/, '');
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    return { ok: false, reason: `${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})` };
  if (/<!DOCTYPE/i.test(text)) return { ok: false, reason: 'a DOCTYPE is not allowed in a SOAP reply' };
  let ordered: Ordered[];
  try {
    ordered = parser.parse(text) as Ordered[];
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  const roots = convert(ordered, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
  const root = roots[0];
  if (!root || roots.length !== 1) return { ok: false, reason: 'the document has no single root element' };
  return { ok: true, root };
}

function convert(items: readonly Ordered[], scope: ReadonlyMap<string, string>): XNode[] {
  const out: XNode[] = [];
  for (const item of items) {
    const name = Object.keys(item).find((k) => k !== ':@');
    if (name === undefined || name === '#text' || name.startsWith('?') || name === '#comment') continue;
    const rawAttrs = (item[':@'] ?? {}) as Record<string, unknown>;
    const local = new Map(scope);
    const attrs: Record<string, string> = {};
    for (const [key, value] of Object.entries(rawAttrs)) {
      const v = String(value);
      if (key === 'xmlns') local.set('', v);
      else if (key.startsWith('xmlns:')) local.set(key.slice(6), v);
      else attrs[key] = v;
    }
    const colon = name.indexOf(':');
    const prefix = colon < 0 ? '' : name.slice(0, colon);
    const content = (item[name] ?? []) as Ordered[];
    const text = content
      .filter((c) => '#text' in c)
      .map((c) => String(c['#text']))
      .join('');
    out.push({
      ns: local.get(prefix) ?? '',
      local: colon < 0 ? name : name.slice(colon + 1),
      attrs,
      children: convert(content, local),
      text,
    });
  }
  return out;
}

export function childrenNamed(node: XNode | undefined, local: string, ns?: string): XNode[] {
  if (!node) return [];
  return node.children.filter((c) => c.local === local && (ns === undefined || c.ns === ns));
}

export function childNamed(node: XNode | undefined, local: string, ns?: string): XNode | undefined {
  return childrenNamed(node, local, ns)[0];
}

export function textOf(node: XNode | undefined, local: string, ns?: string): string {
  return childNamed(node, local, ns)?.text.trim() ?? '';
}

export type Plain = string | Plain[] | { [name: string]: Plain };

/** Element content as plain data: leaves are text, repeated names become arrays. */
export function toPlain(node: XNode): Plain {
  if (node.children.length === 0) return node.text;
  const out: { [name: string]: Plain } = {};
  for (const child of node.children) {
    const value = toPlain(child);
    const existing = out[child.local];
    if (existing === undefined) out[child.local] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[child.local] = [existing, value];
  }
  return out;
}
