"""The utility's central server: HTTP API, billing, payment posting, the change feed."""
