"""`python -m reviewgen` runs the command-line interface."""

from reviewgen.cli import main

main()
