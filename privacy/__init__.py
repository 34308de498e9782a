"""Personal data out of Temporal: the payload codec (AES-256-GCM) and its keys.

Buyer messages, subjects, seller replies, screening findings and ops notes travel as workflow
payloads, and Temporal keeps every payload in its history for the namespace's retention. The
codec encrypts them before they leave the process; the keys stay with the helpdesk (settings or
a key file), never with Temporal. Only ``connection.data_converter`` wires it in.
"""
