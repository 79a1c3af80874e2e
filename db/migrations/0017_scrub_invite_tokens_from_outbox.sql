-- InviteCreated events used to carry the whole email, with the invitation link and so the raw
-- token, and the invitee's address. Events now carry ids; the old copies are removed.
UPDATE "outbox" SET "payload" = "payload" #- '{data,email}'
WHERE "event_type" = 'InviteCreated' AND "payload" #> '{data,email}' IS NOT NULL;
