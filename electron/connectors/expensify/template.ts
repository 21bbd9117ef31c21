// The FreeMarker templates we send with export jobs. Our report template lives beside this file as
// template.ftl (the sandbox's renderer and Apache FreeMarker are checked against it); the marking template
// only lists the ids an export covered, which is how the marking job proves which reports it labelled.
import { readFileSync } from 'node:fs';

/** Renders `{"reports":[...]}` JSON; see template.ftl for the field list. */
export const REPORT_TEMPLATE: string = readFileSync(new URL('./template.ftl', import.meta.url), 'utf8');

/** One report id per line; old-FreeMarker syntax only (`_has_next` works on every 2.3.x). */
export const MARK_TEMPLATE =
  '<#list reports as report>${report.reportID?json_string}<#if report_has_next>\n</#if></#list>';
