"""`reviewgen status`: completion of the cycle per person, manager and department, and a chase list."""
