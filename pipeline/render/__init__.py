"""Stage 4 — rendering: Word templates filled in a bounded Jinja sandbox, footnotes, the template reference."""
