-- Rows deleted in totesys. The extract compares each table's key set with the previous run's; the
-- load records every id found gone, with the run that found it. A deleted id that is inserted again
-- later is marked restored by the run that sees it back. Warehouse rows are never deleted: facts keep
-- every version they had, dimensions keep their last values; these views exclude what is gone.
CREATE TABLE source_deletion (
    source_table    text        NOT NULL,
    source_id       integer     NOT NULL,
    deleted_in_run  text        NOT NULL,
    detected_at     timestamptz NOT NULL,
    restored_in_run text        NULL,
    PRIMARY KEY (source_table, source_id, deleted_in_run)
);

CREATE INDEX source_deletion_open ON source_deletion (source_table, source_id) WHERE restored_in_run IS NULL;

COMMENT ON TABLE source_deletion IS 'totesys rows found deleted: source table and id, the run that found it gone (detected_at: its extract), and the run that saw the id again if it came back';

-- The source rows deleted now (not inserted again since).
CREATE VIEW deleted_source_row AS
SELECT source_table, source_id, deleted_in_run, detected_at
FROM source_deletion
WHERE restored_in_run IS NULL;

-- The latest version of every sales order, purchase order and payment that still exists in totesys.
CREATE VIEW current_sales_order AS
SELECT DISTINCT ON (f.sales_order_id) f.*
FROM fact_sales_order f
WHERE NOT EXISTS (SELECT 1 FROM deleted_source_row d
                  WHERE d.source_table = 'sales_order' AND d.source_id = f.sales_order_id)
ORDER BY f.sales_order_id, f.last_updated_date DESC, f.last_updated_time DESC;

CREATE VIEW current_purchase_order AS
SELECT DISTINCT ON (f.purchase_order_id) f.*
FROM fact_purchase_order f
WHERE NOT EXISTS (SELECT 1 FROM deleted_source_row d
                  WHERE d.source_table = 'purchase_order' AND d.source_id = f.purchase_order_id)
ORDER BY f.purchase_order_id, f.last_updated_date DESC, f.last_updated_time DESC;

CREATE VIEW current_payment AS
SELECT DISTINCT ON (f.payment_id) f.*
FROM fact_payment f
WHERE NOT EXISTS (SELECT 1 FROM deleted_source_row d
                  WHERE d.source_table = 'payment' AND d.source_id = f.payment_id)
ORDER BY f.payment_id, f.last_updated_date DESC, f.last_updated_time DESC;
