"""The validated model every generator reads: one stack's schema and settings."""

from __future__ import annotations

from dataclasses import dataclass

from .secrets import SecretPresence
from .settings import Settings
from .telemetry_schema import TelemetrySchema
from .versions import IMAGES


@dataclass(frozen=True)
class StackModel:
    """Schema plus settings for one stack, validated and with defaults applied."""

    stack: str
    schema: TelemetrySchema
    settings: Settings
    secrets: SecretPresence

    @property
    def environment(self) -> str:
        return self.settings.environment or self.stack

    @property
    def namespace(self) -> str:
        return self.settings.namespace

    def image(self, component: str) -> str:
        override = getattr(self.settings.images, component)
        return override or IMAGES[component]
