"""Comparing plans: series of versions of one plan, actions tracked across
versions, changes between versions, the HTML report and pandas frames of all of it."""
