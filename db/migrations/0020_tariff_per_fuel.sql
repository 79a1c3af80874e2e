ALTER TABLE "customer_tariffs" DROP CONSTRAINT "customer_tariffs_customer_period_key";--> statement-breakpoint
ALTER TABLE "microgrid_tariffs" DROP CONSTRAINT "microgrid_tariffs_esco_period_key";--> statement-breakpoint
ALTER TABLE "customer_tariffs" ADD COLUMN "fuel" "meter_type" DEFAULT 'electric' NOT NULL;--> statement-breakpoint
ALTER TABLE "microgrid_tariffs" ADD COLUMN "fuel" "meter_type" DEFAULT 'electric' NOT NULL;--> statement-breakpoint
UPDATE "customer_tariffs" t SET "fuel" = b."fuel" FROM "benchmark_tariffs" b WHERE b."id" = t."benchmark_tariff_id";
--> statement-breakpoint
UPDATE "microgrid_tariffs" t SET "fuel" = b."fuel" FROM "benchmark_tariffs" b WHERE b."id" = t."benchmark_tariff_id";
--> statement-breakpoint
ALTER TABLE "benchmark_tariffs" ADD CONSTRAINT "benchmark_tariffs_id_fuel_key" UNIQUE("id","fuel");
--> statement-breakpoint
ALTER TABLE "customer_tariffs" ADD CONSTRAINT "customer_tariffs_benchmark_fuel_fk" FOREIGN KEY ("benchmark_tariff_id","fuel") REFERENCES "public"."benchmark_tariffs"("id","fuel") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "microgrid_tariffs" ADD CONSTRAINT "microgrid_tariffs_benchmark_fuel_fk" FOREIGN KEY ("benchmark_tariff_id","fuel") REFERENCES "public"."benchmark_tariffs"("id","fuel") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_tariffs" ADD CONSTRAINT "customer_tariffs_customer_fuel_period_key" UNIQUE("customer_id","fuel","period_start");--> statement-breakpoint
ALTER TABLE "microgrid_tariffs" ADD CONSTRAINT "microgrid_tariffs_esco_fuel_period_key" UNIQUE("esco_id","fuel","period_start");