-- Feeds write several batches at once: two of them may find the same month missing. The first
-- takes a transaction-scoped lock and makes it; the second waits, then finds it made.
CREATE OR REPLACE FUNCTION ensure_meter_reading_partitions(from_at timestamptz, to_at timestamptz) RETURNS integer
  LANGUAGE plpgsql AS $$
DECLARE
  month timestamptz := date_trunc('month', from_at, 'UTC');
  made integer := 0;
  name text;
BEGIN
  WHILE month < to_at LOOP
    name := 'meter_readings_' || to_char(month AT TIME ZONE 'UTC', '"y"YYYY"m"MM');
    IF to_regclass(name) IS NULL THEN
      PERFORM pg_advisory_xact_lock(hashtext('meter_readings partitions'));
      IF to_regclass(name) IS NULL THEN
        EXECUTE format(
          'CREATE TABLE %I PARTITION OF meter_readings FOR VALUES FROM (%L) TO (%L)',
          name, month, month + interval '1 month');
        made := made + 1;
      END IF;
    END IF;
    month := month + interval '1 month';
  END LOOP;
  RETURN made;
END $$;
