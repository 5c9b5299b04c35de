"""The Pulumi program: the observability stack of the selected Pulumi stack.

Composition root only: validate this stack's config (a mistake ends the run
with aiscope's report, before anything is registered), build the stack,
export where applications send telemetry and where Grafana is.
"""

from pathlib import Path

import pulumi

from aiscope.conventions import endpoints
from components.config_source import load_model_or_exit, secret_values
from components.stack import ObservabilityStack

PROJECT_DIR = Path(__file__).resolve().parent

model = load_model_or_exit(PROJECT_DIR)
stack = ObservabilityStack("aiscope", {"model": model, "secrets": secret_values()})

pulumi.export(endpoints.OTLP_GRPC_OUTPUT, stack.otlp_grpc_endpoint)
pulumi.export(endpoints.OTLP_HTTP_OUTPUT, stack.otlp_http_endpoint)
pulumi.export(endpoints.GRAFANA_URL_OUTPUT, stack.grafana_url)
