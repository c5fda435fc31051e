"""The server's use cases, shared by the HTTP API and the command line."""
