-- The current version of a sales order, purchase order or payment is the one the pipeline saw last,
-- not the one with the latest last_updated: a row dated in the future (a writer's clock ahead) and
-- then corrected to the present has its future version as the newest last_updated until that time
-- comes, while totesys holds the corrected one. Runs are loaded one at a time, in run order (an
-- advisory lock), and each extract run holds one version per id, so the version inserted last (the
-- largest record id) is the one the latest run saw. A version already in the warehouse is never
-- inserted again, so a row that goes back to an exact earlier version keeps its later one here.
CREATE OR REPLACE VIEW current_sales_order AS
SELECT DISTINCT ON (f.sales_order_id) f.*
FROM fact_sales_order f
WHERE NOT EXISTS (SELECT 1 FROM deleted_source_row d
                  WHERE d.source_table = 'sales_order' AND d.source_id = f.sales_order_id)
ORDER BY f.sales_order_id, f.sales_record_id DESC;

CREATE OR REPLACE VIEW current_purchase_order AS
SELECT DISTINCT ON (f.purchase_order_id) f.*
FROM fact_purchase_order f
WHERE NOT EXISTS (SELECT 1 FROM deleted_source_row d
                  WHERE d.source_table = 'purchase_order' AND d.source_id = f.purchase_order_id)
ORDER BY f.purchase_order_id, f.purchase_record_id DESC;

CREATE OR REPLACE VIEW current_payment AS
SELECT DISTINCT ON (f.payment_id) f.*
FROM fact_payment f
WHERE NOT EXISTS (SELECT 1 FROM deleted_source_row d
                  WHERE d.source_table = 'payment' AND d.source_id = f.payment_id)
ORDER BY f.payment_id, f.payment_record_id DESC;
