"""Getting documents in: discovery of files and folders, the batch pipeline, the
warm worker pool that parses in killable processes, OCR and progress reporting.
ModernGov pickup is in :mod:`.moderngov`, the same batch on a Dask cluster in
:mod:`.cluster`."""
