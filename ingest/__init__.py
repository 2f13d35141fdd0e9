"""Getting documents in: discovery of files, batch ingest, fetching from
council websites, and formatting results for the terminal."""
