"""The central database: models, engines for SQLite and PostgreSQL, and migrations."""
