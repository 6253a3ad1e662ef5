"""`python -m netnat`: the same entry point as the `netnat` console script."""

import sys

from netnat.cli.main import main

sys.exit(main())
