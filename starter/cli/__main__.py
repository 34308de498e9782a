"""``python -m starter.cli``: the ``helpdesk`` command, as the supervisor and tests start it."""

from starter.cli import main

raise SystemExit(main())
