"""Rasa custom actions: thin adapters that call services in `bot/`.

One module per concern. No business logic here: the action reads what it needs
from the tracker, calls a `bot` service and turns the result into events.
"""
