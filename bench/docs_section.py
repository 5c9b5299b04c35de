"""Write one benchmark's section of docs/BENCHMARKS.md, keeping every other section.

Each benchmark owns the part of the file from its `## ` heading to the next
one, so the benchmarks can be rerun one at a time in any order.
"""

from __future__ import annotations

import logging
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs" / "BENCHMARKS.md"

log = logging.getLogger(__name__)


def write_section(heading: str, section: str, docs: Path = DOCS) -> None:
    """Replace the section that starts with `heading` by `section` (which repeats it)."""
    text = docs.read_text(encoding="utf-8") if docs.exists() else "# Benchmarks\n\n"
    if heading in text:
        before, rest = text.split(heading, 1)
        after = rest[rest.find("\n## ") + 1 :] if "\n## " in rest else ""
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section

    docs.parent.mkdir(parents=True, exist_ok=True)
    docs.write_text(text, encoding="utf-8")
    log.info("updated %s", docs.name)
