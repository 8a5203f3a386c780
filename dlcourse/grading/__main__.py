"""``python -m dlcourse.grading ...``: the instructor's commands (see cli.py)."""

import sys

from .cli import main

sys.exit(main())
