"""Column roles: which contract field each column of a table holds."""
