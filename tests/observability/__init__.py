"""Tests of dashboards, rules and runbooks, against the real Prometheus and query grammars."""
