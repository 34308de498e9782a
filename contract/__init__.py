"""The wire contract: what crosses between the ways in, the workflows and the activities.

The models of threads, cases, absences and the activities' records (pydantic, frozen, no extra
fields), the names and ids of workflows and updates, the search attribute keys, and the words the
Temporal UI shows for each status. It builds on the rulebook (``rules/``: kinds, markets, the
clock, findings) and on nothing else of the project.
"""
