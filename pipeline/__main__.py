"""Allow ``python -m pipeline`` as an alias of the ``vanban`` command."""

from pipeline.cli import main

main()
