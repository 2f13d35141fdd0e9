"""Looking at what was read: a page drawn with the boxes the parsers found
(``plans inspect``), page images, and the read-only browser view (``plans serve``)."""
