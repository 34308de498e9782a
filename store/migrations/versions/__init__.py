"""Alembic revisions (Alembic ignores this file); a package so that installs ship them."""
