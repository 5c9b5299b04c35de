"""Objects of the stack as a whole: its Namespace and the default-deny ingress policy."""

from __future__ import annotations

from ..model import StackModel
from .meta import stack_labels
from .network import default_deny


def namespace_objects(model: StackModel) -> list[dict]:
    namespace = {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {"name": model.namespace, "labels": stack_labels(model)},
    }
    return [namespace, default_deny(model)]
