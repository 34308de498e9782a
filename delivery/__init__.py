"""Push delivery of the event log: signed webhooks (Standard Webhooks), retried, in order per thread.

The relay (``relay.py``) is the only reader that sends: it plans one delivery per event and
configured endpoint in the store, sends each thread's events in order, retries with exponential
backoff for the retry horizon (3 days by default), then dead-letters what still fails, where ops
see it and can send it again. ``helpdesk relay`` runs it; ``make run`` supervises it.
"""
