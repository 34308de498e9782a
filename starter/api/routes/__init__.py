"""The HTTP API's routes, a router per resource (the app includes them in ``starter/api/app.py``)."""
