"""Rinnalla: the application behind the Finnish aftercare assistant.

Everything with logic lives here (database, services, web app, NLU components,
command line). `actions/` only adapts Rasa's action server to these services.
"""

__version__ = "0.1.0"
