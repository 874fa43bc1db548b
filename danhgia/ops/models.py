"""No tables: the operations app has commands and the health check only."""
