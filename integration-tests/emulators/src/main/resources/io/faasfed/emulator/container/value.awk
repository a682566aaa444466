# Prints the raw JSON of the top-level member "value" of the JSON object read from the input (the OpenWhisk /run
# envelope), or {} when it has none. A character-level scan that knows strings and escapes, so braces inside strings
# and members named "value" deeper down are not mistaken for it.
BEGIN { RS = "\001" }
{
  s = $0; n = length(s); depth = 0; instr = 0; esc = 0; key = ""; collecting = 0; start = 0
  for (i = 1; i <= n; i++) {
    c = substr(s, i, 1)
    if (instr) {
      if (esc) { esc = 0 } else if (c == "\\") { esc = 1 } else if (c == "\"") { instr = 0; if (depth == 1 && !start) { key = substr(s, kstart, i - kstart) } }
      continue
    }
    if (c == "\"") { instr = 1; kstart = i + 1; continue }
    if (c == "{" || c == "[") { depth++; if (depth == 2 && pending) { start = i; pending = 0 } ; continue }
    if (c == "}" || c == "]") { depth--; if (start && depth == 1) { print substr(s, start, i - start + 1); found = 1; exit } ; continue }
    if (c == ":" && depth == 1 && key == "value" && !start) { pending = 1; continue }
    if (c == ",") { key = ""; pending = 0 }
  }
}
END { if (!found) print "{}" }
