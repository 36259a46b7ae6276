-- A payment is kept once per milestone it was applied to (and once as unapplied credit), whatever event brought it:
-- keyed on the event id alone, the same application published again under a new id (a producer's replay) would
-- subtract the same money twice from what is overdue. accounts-api's plan actuals key it the same way.
DELETE FROM payments p USING payments q
WHERE p.payment_id = q.payment_id AND p.milestone_id IS NOT DISTINCT FROM q.milestone_id
  AND (p.recorded_at, p.event_id) > (q.recorded_at, q.event_id);
CREATE UNIQUE INDEX payments_application ON payments (payment_id, milestone_id) NULLS NOT DISTINCT;
