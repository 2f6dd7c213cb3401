"""``python -m sinosoviet.pdf [--overfull PT] [DIR ...]``: check the LaTeX log of a PDF build."""

import sys

from .logcheck import main

sys.exit(main())
