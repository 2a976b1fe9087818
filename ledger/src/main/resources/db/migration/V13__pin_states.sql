-- The PIN check's first read for many members at once (PgPins: checks that arrive while others are
-- in the database go together, as member lookups do). Inside a function, with a generic plan, the
-- array-taking statement is planned once per connection instead of at every call (see V11, 4).
CREATE FUNCTION ledger_pin_states(p_ids bigint[])
RETURNS TABLE (ord bigint, pin_hash text, status text, locked boolean, pin_failed_attempts integer)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    RETURN QUERY SELECT u.ord, m.pin_hash, m.status, COALESCE(m.pin_locked_until > now(), false), m.pin_failed_attempts
                 FROM unnest(p_ids) WITH ORDINALITY AS u(id, ord) LEFT JOIN members m ON m.id = u.id;
END $$;
