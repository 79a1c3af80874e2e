-- Trigram matching for the staff console's search by name and email (drizzle-kit does not
-- manage extensions; the indexes that use it are generated in the next migration).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
