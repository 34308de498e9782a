"""Every side effect of the system: store, notifications, screening, billing, carrier.

Activities are methods of classes constructed with the settings (and store sessions), so the
worker wires dependencies once and tests can build them with their own.
"""
