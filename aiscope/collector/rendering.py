"""A collector config dict as the YAML file the collector reads.

Statements stay on one line each (no folding), keys keep the order the
generators chose (receivers, processors, ... read top-down like the
pipeline), and repeated sub-dicts are written out in full rather than as
YAML anchors, which some tools mangle.
"""

from __future__ import annotations

from collections.abc import Iterable

import yaml


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True


def to_yaml(config: dict, comments: Iterable[str] = ()) -> str:
    header = "".join(f"# {line}\n" for line in comments)
    body = yaml.dump(config, Dumper=_Dumper, sort_keys=False, width=2**31, allow_unicode=True)
    return header + body
