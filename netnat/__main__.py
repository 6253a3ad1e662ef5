"""`python -m netnat`: the same entry point as the `netnat` console script."""

from netnat.cli.main import run

run()
