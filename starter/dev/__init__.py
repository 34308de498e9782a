"""``make run`` on one machine: the supervisor of its processes (``run``, ``supervisor``), the
embedded Temporal dev server (``devserver``), port checks (``ports``) and development tokens
(``tokens``)."""
