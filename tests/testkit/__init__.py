"""Helpers shared by the test modules: workbook builders, loading, forms round trips, reading documents."""
