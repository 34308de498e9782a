"""The HTTP API over everything the Python client does, for a marketplace backend in any language."""
