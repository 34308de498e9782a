"""Alembic environment of the store; a package so that installing the project ships env.py."""
