// The oracle for the sandbox's FreeMarker renderer: Apache FreeMarker itself (Debian's libfreemarker-java).
// Input (stdin, JSON): [{"template": "...", "model": {...}, "numberFormat": "computer"|"number"}, ...].
// Output (stdout, JSON): [{"ok": true, "output": "..."} | {"ok": false, "error": "..."}, ...].
// The JSON reader and writer are hand-written so the test needs no jar besides freemarker.jar.
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateExceptionHandler;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

public class Render {
  private final String s;
  private int i;

  private Render(String s) {
    this.s = s;
  }

  public static void main(String[] args) throws Exception {
    InputStream in = System.in;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    in.transferTo(buffer);
    Object parsed = new Render(buffer.toString(StandardCharsets.UTF_8)).value();
    StringBuilder out = new StringBuilder("[");
    boolean first = true;
    for (Object item : (List<?>) parsed) {
      Map<?, ?> job = (Map<?, ?>) item;
      if (!first) out.append(',');
      first = false;
      Configuration cfg = new Configuration(Configuration.VERSION_2_3_31);
      cfg.setLocale(Locale.US);
      cfg.setTimeZone(TimeZone.getTimeZone("UTC"));
      cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
      cfg.setLogTemplateExceptions(false);
      Object numberFormat = job.get("numberFormat");
      if (numberFormat instanceof String) cfg.setNumberFormat((String) numberFormat);
      try {
        Template template = new Template("template", new StringReader((String) job.get("template")), cfg);
        StringWriter writer = new StringWriter();
        template.process(job.get("model"), writer);
        out.append("{\"ok\":true,\"output\":").append(quote(writer.toString())).append('}');
      } catch (Exception e) {
        out.append("{\"ok\":false,\"error\":").append(quote(String.valueOf(e.getMessage()))).append('}');
      }
    }
    out.append(']');
    PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    stdout.print(out);
    stdout.flush();
  }

  private static String quote(String text) {
    StringBuilder b = new StringBuilder("\"");
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }

  private void ws() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
  }

  private Object value() {
    ws();
    char c = s.charAt(i);
    if (c == '{') {
      Map<String, Object> map = new LinkedHashMap<>();
      i++;
      ws();
      if (s.charAt(i) == '}') {
        i++;
        return map;
      }
      while (true) {
        ws();
        String key = string();
        ws();
        i++; // ':'
        map.put(key, value());
        ws();
        if (s.charAt(i++) == '}') return map;
      }
    }
    if (c == '[') {
      List<Object> list = new ArrayList<>();
      i++;
      ws();
      if (s.charAt(i) == ']') {
        i++;
        return list;
      }
      while (true) {
        list.add(value());
        ws();
        if (s.charAt(i++) == ']') return list;
      }
    }
    if (c == '"') return string();
    if (s.startsWith("true", i)) {
      i += 4;
      return Boolean.TRUE;
    }
    if (s.startsWith("false", i)) {
      i += 5;
      return Boolean.FALSE;
    }
    if (s.startsWith("null", i)) {
      i += 4;
      return null;
    }
    int start = i;
    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
    return new BigDecimal(s.substring(start, i));
  }

  private String string() {
    StringBuilder b = new StringBuilder();
    i++; // opening quote
    while (true) {
      char c = s.charAt(i++);
      if (c == '"') return b.toString();
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = s.charAt(i++);
      switch (e) {
        case 'n': b.append('\n'); break;
        case 't': b.append('\t'); break;
        case 'r': b.append('\r'); break;
        case 'b': b.append('\b'); break;
        case 'f': b.append('\f'); break;
        case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
        default: b.append(e);
      }
    }
  }
}
