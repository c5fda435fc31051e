"""Secrets of the terminal: its central-server credential, kept in the OS keyring only."""
