"""The API's routers, one per idea."""
