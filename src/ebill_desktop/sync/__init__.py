"""The terminal's sync with head office: the outbox going up, the change feed coming down."""
