-- Hand-written (drizzle-kit generate --custom): the score totals of bids scored before grant_bid_totals
-- existed, as each scoring now writes them (grants.repository.ts refreshTotals): per criterion summed over
-- the assessors, and how many, a conflicted assessor's scores left out.
WITH sc AS (
  SELECT s.bid_id, s.user_id, s.criterion, s.score FROM grant_scores s
  WHERE NOT EXISTS (SELECT 1 FROM grant_declarations d WHERE d.bid_id = s.bid_id AND d.user_id = s.user_id AND d.conflicted)
),
per_c AS (SELECT bid_id, criterion, sum(score)::int AS total FROM sc GROUP BY bid_id, criterion),
n AS (SELECT bid_id, count(DISTINCT user_id)::int AS assessors FROM sc GROUP BY bid_id)
INSERT INTO grant_bid_totals (bid_id, office_id, round_id, sums, assessors)
SELECT p.bid_id, b.office_id, b.round_id, jsonb_object_agg(p.criterion, p.total), n.assessors
FROM per_c p JOIN n ON n.bid_id = p.bid_id JOIN grant_bids b ON b.id = p.bid_id
GROUP BY p.bid_id, b.office_id, b.round_id, n.assessors
ON CONFLICT (bid_id) DO NOTHING;
