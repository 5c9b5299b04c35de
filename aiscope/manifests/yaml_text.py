"""YAML text of configs and Kubernetes objects, byte-for-byte stable.

Keys keep the order the generators build them in (which is fixed), so the
same model always gives the same text; multi-line strings (configs inside
ConfigMaps) are written as literal blocks so a reviewer can read them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml

# libyaml's emitter when PyYAML was built with it: same text, ten times faster.
_Base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_Base):
    """A SafeDumper of our own, so the block-string style never leaks to other callers."""

    def ignore_aliases(self, data: Any) -> bool:
        # A value used twice is written twice: no `&id001` anchors in a manifest.
        return True


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_str)

# Never fold a long value over several lines: an OTTL statement or a PromQL
# query reads (and diffs) best on one line.
_WIDTH = 1 << 16


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=_WIDTH)


def dump_all(documents: Iterable[Any]) -> str:
    return yaml.dump_all(
        documents,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=_WIDTH,
        explicit_start=True,
    )
