"""Stage 3 — results: the response form, reading returned files, aggregation, what reports can print."""
