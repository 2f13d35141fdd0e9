"""Finding tables on a page: ruled grids, borderless grids; every finder emits a Grid."""
