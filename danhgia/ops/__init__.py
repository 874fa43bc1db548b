"""Running the application: health check, request log, backup and restore (docs/deploy.md)."""
