"""Engines, sessions, migrations and writes for the normalised store."""
