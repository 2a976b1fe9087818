-- ledger_post_transfer's two guarded checks (`p_category IS NOT NULL AND NOT EXISTS (...)`, the same
-- for p_reverses) were planned again at every call: with the parameter NULL, as it is for nearly
-- every transfer, a custom plan folds the whole condition to false and always looks cheaper than
-- the generic one, so PostgreSQL never settled on a generic plan (pg_stat_statements with
-- track_planning: one plan a call). Every statement in the function is a key lookup or a
-- single-row write whose generic plan is the right one.
ALTER FUNCTION ledger_post_transfer(text, text, text, bigint, bigint, bigint, text, text, bigint, text, bigint)
    SET plan_cache_mode = force_generic_plan;
