"""Year-over-year comparison of reports: text reuse per part, changed table figures, cross-year findings.

Modules: `compare.text` (sentences, normalisation, reuse ratio), `compare.figures` (table figures),
`compare.series` (`compare_reports`, the `compare --json` shape), `compare.terminal` (plain-text diff).
"""
