"""Safety: recognising crisis messages (see bot/safety/net.py)."""
