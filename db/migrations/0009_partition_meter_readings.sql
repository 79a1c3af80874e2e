-- meter_readings becomes a table partitioned by month of read_at (UTC months), so that a
-- month of reads is one table: old months can be detached or archived, and the planner skips
-- the months a query does not touch. Columns, keys and constraints keep their names, so the
-- schema in db/schema/meters.ts still describes it.
ALTER TABLE "meter_readings" RENAME TO "meter_readings_unpartitioned";--> statement-breakpoint
ALTER TABLE "meter_readings_unpartitioned" RENAME CONSTRAINT "meter_readings_meter_id_read_at_pk" TO "meter_readings_unpartitioned_pk";--> statement-breakpoint
ALTER TABLE "meter_readings_unpartitioned" DROP CONSTRAINT "meter_readings_meter_id_meters_id_fk";--> statement-breakpoint
ALTER TABLE "meter_readings_unpartitioned" DROP CONSTRAINT "meter_readings_register_non_negative";--> statement-breakpoint
ALTER TABLE "meter_readings_unpartitioned" DROP CONSTRAINT "meter_readings_consumption_non_negative";--> statement-breakpoint
CREATE TABLE "meter_readings" (
	"meter_id" uuid NOT NULL,
	"read_at" timestamp with time zone NOT NULL,
	"register_value" numeric(14, 3) NOT NULL,
	"consumption" numeric(14, 3),
	"source" "reading_source" DEFAULT 'actual' NOT NULL,
	CONSTRAINT "meter_readings_meter_id_read_at_pk" PRIMARY KEY("meter_id","read_at"),
	CONSTRAINT "meter_readings_register_non_negative" CHECK (register_value >= 0),
	CONSTRAINT "meter_readings_consumption_non_negative" CHECK (consumption IS NULL OR consumption >= 0)
) PARTITION BY RANGE ("read_at");--> statement-breakpoint
ALTER TABLE "meter_readings" ADD CONSTRAINT "meter_readings_meter_id_meters_id_fk" FOREIGN KEY ("meter_id") REFERENCES "public"."meters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Makes the monthly partitions covering [from_at, to_at) that do not exist yet. Ingestion calls
-- it for the months a batch touches before writing, so reads never lack a partition.
CREATE FUNCTION ensure_meter_reading_partitions(from_at timestamptz, to_at timestamptz) RETURNS integer
  LANGUAGE plpgsql AS $$
DECLARE
  month timestamptz := date_trunc('month', from_at, 'UTC');
  made integer := 0;
  name text;
BEGIN
  WHILE month < to_at LOOP
    name := 'meter_readings_' || to_char(month AT TIME ZONE 'UTC', '"y"YYYY"m"MM');
    IF to_regclass(name) IS NULL THEN
      EXECUTE format(
        'CREATE TABLE %I PARTITION OF meter_readings FOR VALUES FROM (%L) TO (%L)',
        name, month, month + interval '1 month');
      made := made + 1;
    END IF;
    month := month + interval '1 month';
  END LOOP;
  RETURN made;
END $$;--> statement-breakpoint
-- The months already held, and two years ahead.
SELECT ensure_meter_reading_partitions(
  least(coalesce((SELECT min(read_at) FROM meter_readings_unpartitioned), now()), now() - interval '13 months'),
  now() + interval '24 months');--> statement-breakpoint
INSERT INTO "meter_readings" SELECT "meter_id", "read_at", "register_value", "consumption", "source" FROM "meter_readings_unpartitioned";--> statement-breakpoint
DROP TABLE "meter_readings_unpartitioned";
