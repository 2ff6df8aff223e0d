"""The ND30 rules, one module per component of the format (see :mod:`pipeline.check.registry`)."""
