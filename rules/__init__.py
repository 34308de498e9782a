"""The rulebook in code (../shared/RULES.md): markets, the working-hours clock, policy settings.

Pure: nothing here does I/O, so workflows, activities and the CLI can all import it.
"""
