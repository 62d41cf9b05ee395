"""Command line: `python -m bot <command>`. Run `python -m bot --help`."""
from bot.cli import main

raise SystemExit(main())
