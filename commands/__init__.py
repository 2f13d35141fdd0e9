"""The ``plans`` command's sub-command groups and what they print: terminal
tables, CSV / JSON / Parquet output and export. Commands parse arguments and make
one library call; ``cli.py`` assembles them."""
