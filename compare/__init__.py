"""Year-over-year comparison of reports: text reuse per part, changed table figures, cross-year findings.

Modules: `text` (sentence diff and fuzzy reuse on top of checker.reuse's §6 ratio), `figures` (changed
table figures, addressed by nianbao.cells), `series` (`compare_reports`, the `compare --json` shape),
`terminal` (plain-text diff).
"""
