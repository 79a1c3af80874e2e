-- The portal's clock in SQL (lib/clock.ts): the instant a connection was pinned to with the
-- setting portal.now, or now(). Inlined by the planner, so it costs what now() costs.
CREATE FUNCTION portal_now() RETURNS timestamptz
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(nullif(current_setting('portal.now', true), '')::timestamptz, now()) $$;
