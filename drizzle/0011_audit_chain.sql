CREATE TABLE "audit_chain" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"event_id" bigint NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_chain_lock" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	CONSTRAINT "audit_chain_lock_one_row_ck" CHECK ("audit_chain_lock"."id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "audit_chain_event_idx" ON "audit_chain" USING btree ("event_id");
--> statement-breakpoint
-- The append-only refusal names the table it guards (audit_event as before, now audit_chain too).
CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
		USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
-- The hash chain over the audit log (issue 21, docs/decisions/0007-audit-chain.md).
-- An event's canonical content: a JSON array of its columns in a fixed order, the instant in
-- UTC with microseconds. services/audit-chain/chain.ts computes the same text to verify.
CREATE FUNCTION audit_event_canonical(e audit_event) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT jsonb_build_array(
		e.id,
		to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
		e.actor_user_id,
		e.actor_roles,
		e.action,
		e.entity_type,
		e.entity_id,
		e.county_id,
		e.outcome,
		e.request_id,
		e.ip,
		e.details
	)::text
$$;
--> statement-breakpoint
-- Appends the link of one event under the lock row: SHA-256 over the previous link's hash, the
-- position and the canonical content. The lock row is locked, never updated, and the last link
-- read by the primary key, so a transaction with many events costs the same per event.
-- SECURITY DEFINER: it runs as the owner, so the app role needs no right on the chain tables.
CREATE FUNCTION audit_chain_link(e audit_event) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	last_seq bigint;
	last_hash text;
BEGIN
	PERFORM 1 FROM audit_chain_lock WHERE id FOR UPDATE;
	SELECT seq, hash INTO last_seq, last_hash FROM audit_chain ORDER BY seq DESC LIMIT 1;
	last_seq := coalesce(last_seq, 0) + 1;
	last_hash := coalesce(last_hash, repeat('0', 64));
	INSERT INTO audit_chain (seq, event_id, prev_hash, hash)
	VALUES (
		last_seq,
		e.id,
		last_hash,
		encode(
			sha256(convert_to(last_hash || ' ' || last_seq::text || ' ' || audit_event_canonical(e), 'UTF8')),
			'hex'
		)
	);
END;
$$;
--> statement-breakpoint
CREATE FUNCTION audit_event_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	PERFORM audit_chain_link(NEW);
	RETURN NULL;
END;
$$;
--> statement-breakpoint
-- At commit, not at insert: the chain's lock is held from the commit's start to its end only,
-- never while the rest of the transaction runs (no waits on it, no deadlocks through it), and
-- the chain follows the order in which events became visible.
CREATE CONSTRAINT TRIGGER audit_event_chain
	AFTER INSERT ON audit_event
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION audit_event_chain();
--> statement-breakpoint
CREATE TRIGGER audit_chain_no_update_delete
	BEFORE UPDATE OR DELETE ON audit_chain
	FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_chain_no_truncate
	BEFORE TRUNCATE ON audit_chain
	FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
--> statement-breakpoint
-- The chain starts from 64 zeros; the events written before this migration are chained in
-- the order of their ids.
INSERT INTO audit_chain_lock (id) VALUES (true);
--> statement-breakpoint
DO $$
DECLARE
	e audit_event;
BEGIN
	FOR e IN SELECT * FROM audit_event ORDER BY id LOOP
		PERFORM audit_chain_link(e);
	END LOOP;
END;
$$;
