"""The secrets a stack needs, and how each reaches the deployment.

Secret values never enter aiscope's model or any rendered file. A stack file
holds them encrypted (`secure: v1:...`, written by `pulumi config set
--secret`); `render` only notes whether each is configured, and `pulumi up`
reads them as Pulumi secret outputs that flow straight into Kubernetes
Secrets.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import Problem


@dataclass(frozen=True)
class SecretSpec:
    key: str
    purpose: str
    example: str

    @property
    def config_key(self) -> str:
        return f"aiscope:{self.key}"

    @property
    def set_command(self) -> str:
        return f"pulumi config set --secret {self.key} {self.example}"

    @property
    def placeholder(self) -> str:
        """What `render` writes where the secret value would go."""
        return f"<secret: filled by `pulumi up` from the Pulumi secret {self.config_key}>"


GRAFANA_ADMIN_PASSWORD = SecretSpec(
    "grafanaAdminPassword", "the Grafana admin user's password", "'<a long random password>'"
)
USER_ID_HASH_KEY = SecretSpec(
    "userIdHashKey",
    "the key of the HMAC that hashes user ids in the collector",
    '"$(openssl rand -hex 32)"',
)
SECRETS: tuple[SecretSpec, ...] = (GRAFANA_ADMIN_PASSWORD, USER_ID_HASH_KEY)
SECRET_KEYS = frozenset(spec.key for spec in SECRETS)


@dataclass(frozen=True)
class SecretPresence:
    """Which secrets the stack has configured; never their values."""

    configured: frozenset[str]

    def missing(self) -> list[SecretSpec]:
        return [spec for spec in SECRETS if spec.key not in self.configured]


def missing_secret_problems(presence: SecretPresence, file: str) -> list[Problem]:
    """What `pulumi up` reports when a stack lacks a secret it needs."""
    return [
        Problem(
            file, spec.config_key, f"not set; `pulumi up` needs {spec.purpose}: {spec.set_command}"
        )
        for spec in presence.missing()
    ]
