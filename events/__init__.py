"""The events the helpdesk owes people: what each one says, to whom, in which order (R3.1).

Pure models, no I/O: workflows build the data of the notices they decide, activities write them
to the store's event log in the transaction of the fact they report, and ``delivery/`` pushes
them as signed webhooks while the HTTP API serves them as a feed.
"""
