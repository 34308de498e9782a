"""The way in: the ``helpdesk`` CLI, ``make run``'s process supervisor, and (later) client and HTTP API.

Nothing imports this package; it imports rules, store, activities' wiring and Temporal.
"""
