"""``python -m checks [SOURCE_DIR]``: see :mod:`checks.cli`."""

import sys

from .cli import main

sys.exit(main())
