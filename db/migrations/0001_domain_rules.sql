-- Rules that span rows, so they cannot be CHECK constraints. They are deferred to commit,
-- so a transaction may pass through an intermediate state (e.g. while moving the primary flag).

CREATE FUNCTION premises_check_one_primary() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  acct uuid;
BEGIN
  FOR acct IN
    SELECT DISTINCT v.account_id
    FROM (VALUES
      (CASE WHEN TG_OP <> 'INSERT' THEN OLD.account_id END),
      (CASE WHEN TG_OP <> 'DELETE' THEN NEW.account_id END)
    ) AS v(account_id)
    WHERE v.account_id IS NOT NULL
  LOOP
    IF EXISTS (SELECT 1 FROM premises WHERE account_id = acct)
       AND (SELECT count(*) FROM premises WHERE account_id = acct AND is_primary) <> 1 THEN
      RAISE EXCEPTION 'account % must have exactly one primary premise', acct
        USING ERRCODE = 'check_violation', CONSTRAINT = 'premises_exactly_one_primary';
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER premises_exactly_one_primary
  AFTER INSERT OR DELETE OR UPDATE OF is_primary, account_id ON premises
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION premises_check_one_primary();
--> statement-breakpoint
CREATE FUNCTION customer_accounts_check_occupier() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  acct uuid;
BEGIN
  FOR acct IN
    SELECT DISTINCT v.account_id
    FROM (VALUES
      (CASE WHEN TG_OP <> 'INSERT' THEN OLD.account_id END),
      (CASE WHEN TG_OP <> 'DELETE' THEN NEW.account_id END)
    ) AS v(account_id)
    WHERE v.account_id IS NOT NULL
  LOOP
    IF EXISTS (SELECT 1 FROM customer_accounts WHERE account_id = acct)
       AND NOT EXISTS (
         SELECT 1 FROM customer_accounts WHERE account_id = acct AND role = 'occupier'
       ) THEN
      RAISE EXCEPTION 'account % must keep at least one occupier', acct
        USING ERRCODE = 'check_violation', CONSTRAINT = 'customer_accounts_keeps_occupier';
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER customer_accounts_keeps_occupier
  AFTER INSERT OR DELETE OR UPDATE OF role, account_id ON customer_accounts
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION customer_accounts_check_occupier();
--> statement-breakpoint
CREATE FUNCTION customers_check_status_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status AND (OLD.status::text, NEW.status::text) NOT IN (
    ('onboarding', 'prelive'),
    ('prelive', 'live'),
    ('live', 'inactive'),
    ('inactive', 'live'),
    ('inactive', 'closed')
  ) THEN
    RAISE EXCEPTION 'customer status cannot change from % to %', OLD.status, NEW.status
      USING ERRCODE = 'check_violation', CONSTRAINT = 'customers_status_transition';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER customers_status_transition
  BEFORE UPDATE OF status ON customers
  FOR EACH ROW EXECUTE FUNCTION customers_check_status_transition();
