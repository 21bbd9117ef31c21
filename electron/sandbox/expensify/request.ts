// Reads the Integration Server's form fields. Clients send application/x-www-form-urlencoded bodies (curl -d,
// Postman); the help article's Postman guide puts requestJobDescription in the query string, so query
// parameters count too (a body field wins). Multipart bodies (browser FormData) are accepted as well.
import type { SimRequest } from '../http-server.ts';

export function readFields(request: SimRequest): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [key, value] of request.query) fields.set(key, value);
  const contentType = String(request.headers['content-type'] ?? '');
  const body = request.body.toString('utf8');
  const boundary = /multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (boundary) {
    for (const part of body.split(`--${boundary}`)) {
      const split = part.indexOf('\r\n\r\n');
      if (split < 0) continue;
      const name = /name="([^"]*)"/i.exec(part.slice(0, split))?.[1];
      if (name === undefined) continue;
      fields.set(name, part.slice(split + 4).replace(/\r\n$/, ''));
    }
    return fields;
  }
  if (body.length > 0) {
    for (const [key, value] of new URLSearchParams(body)) fields.set(key, value);
  }
  return fields;
}
