"""Logging and metrics set-up shared by the worker and the CLI (configured once per process)."""
