"""Runs the command line: `python -m advisor`."""

from advisor.cli import main

main()
