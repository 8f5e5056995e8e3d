-- A run the load could not load (a permanent failure: FK violation, a corrupt or changed Parquet
-- file, an unreadable manifest, a run the transform set aside) is recorded as set aside, so later
-- runs go on; its reason says why. A repair loads its rows later as a new run.
ALTER TABLE load_ledger
    ADD COLUMN status text NOT NULL DEFAULT 'loaded' CHECK (status IN ('loaded', 'set_aside')),
    ADD COLUMN reason text NULL,
    ADD COLUMN run_started_at timestamptz NULL;

COMMENT ON COLUMN load_ledger.status IS 'loaded: the run''s rows are in the warehouse; set_aside: nothing of the run was loaded (see reason)';
COMMENT ON COLUMN load_ledger.run_started_at IS 'start of the extract run (its snapshot): the warehouse reflects the source as of the newest loaded one';
