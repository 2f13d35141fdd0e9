"""The batch ingest and the watcher on a Dask cluster: parsing on the cluster's
workers, storing in the one client process."""
