"""Domain model: plain dataclasses for extraction results (`items`) and
SQLAlchemy models for the normalised store (`models`)."""
