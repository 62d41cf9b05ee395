-- Runs once when the PostgreSQL volume is created: a second database for
-- Rasa's tracker store, next to the app's own database (POSTGRES_DB).
CREATE DATABASE tracker;
