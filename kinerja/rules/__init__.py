"""Pure domain rules: no Flask, no database. Each has its own unit tests.

One package of pure functions and tables, split by stage of the cycle;
everything is importable from `kinerja.rules`. Messages are in Bahasa
Indonesia because they are shown to users as they are.
"""
from .akun import *  # noqa: F401,F403
from .dasar import *  # noqa: F401,F403
from .dasar import RuleError  # noqa: F401
from .penilaian import *  # noqa: F401,F403
from .skp import *  # noqa: F401,F403
from .tahunan import *  # noqa: F401,F403
