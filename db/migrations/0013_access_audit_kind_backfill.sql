-- Rows written before the kind was recorded: views as the customer are told apart by their action.
UPDATE "access_audit" SET "kind" = 'impersonation' WHERE "action" LIKE 'impersonation\_%';
