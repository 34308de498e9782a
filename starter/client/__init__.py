"""The typed Python client of the helpdesk: threads (``helpdesk``), takeover cases (``cases``),
absences (``absences``), the seller's views read from the store (``seller_views``), and how an
update is sent and retried (``updates``). The CLI and the HTTP API are built on it."""
