"""Storage: engines, migrations, one transaction per document, read-only queries
and the guard in front of them, listing and removing imports, and why a database
cannot be opened."""
