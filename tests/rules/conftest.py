"""Make the project root importable for the calendar tests (the project is not installed in the venv).

No ``__init__.py`` here on purpose: with one, this folder would be imported as the package ``rules``
and shadow the project's own ``rules`` package.
"""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)
