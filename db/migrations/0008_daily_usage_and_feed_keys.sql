CREATE TABLE "meter_daily_usage" (
	"meter_id" uuid NOT NULL,
	"day" date NOT NULL,
	"consumption" numeric(16, 3),
	"reads" integer NOT NULL,
	"expected_reads" integer NOT NULL,
	"actual_reads" integer NOT NULL,
	"estimated_reads" integer NOT NULL,
	"customer_reads" integer NOT NULL,
	"first_read_at" timestamp with time zone NOT NULL,
	"last_read_at" timestamp with time zone NOT NULL,
	"previous_read_at" timestamp with time zone,
	CONSTRAINT "meter_daily_usage_meter_id_day_pk" PRIMARY KEY("meter_id","day"),
	CONSTRAINT "meter_daily_usage_reads_positive" CHECK (reads > 0)
);
--> statement-breakpoint
ALTER TABLE "bills" ADD COLUMN "details" jsonb;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "external_id" varchar(64);--> statement-breakpoint
ALTER TABLE "meter_daily_usage" ADD CONSTRAINT "meter_daily_usage_meter_id_meters_id_fk" FOREIGN KEY ("meter_id") REFERENCES "public"."meters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_external_id_unique" UNIQUE("external_id");