"""aiscope: an AI-observability stack on Kubernetes, generated from one telemetry schema."""
