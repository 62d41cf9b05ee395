"""Application services: the only place where business logic touches the database."""
