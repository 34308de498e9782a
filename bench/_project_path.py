"""Puts the project first on ``sys.path`` for a bench script run as ``python bench/<name>.py``.

Run as a script, a file's folder is ``sys.path[0]``, and ``bench/calendar.py`` would then shadow
the standard library's ``calendar`` (imported by pandas, holidays, email, http.cookiejar, ...).
Every bench script imports this module first, under ``if __name__ == "__main__"`` (a workflow
sandbox re-importing a script must not touch ``sys.path``).
"""

from __future__ import annotations

import os
import sys

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
PROJECT_ROOT = os.path.dirname(BENCH_DIR)
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != BENCH_DIR]
if PROJECT_ROOT not in sys.path:
    sys.path.insert(0, PROJECT_ROOT)
