"""Fixtures shared by the collector tests.

The example service (examples/chat_service) and the generated names module
(schema/aiscope_names.py) live at the project root, which is not an
installed package; the root goes on sys.path here so that `make test`
(installed aiscope, tests/ as rootdir) finds them too.
"""

from __future__ import annotations

import sys

from .models import PROJECT

if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))
