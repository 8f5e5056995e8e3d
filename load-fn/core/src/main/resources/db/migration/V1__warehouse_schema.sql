-- Warehouse star schema (DESIGN §6). Names, types and nullability match
-- com.totaltotes.pipeline.warehouse.WarehouseTable exactly: integer ids and counts,
-- numeric(10,2) money, date, time(3) (wall clock, millisecond precision), boolean, text.
-- Dimensions hold the latest value per key; facts keep one row per source version.

CREATE TABLE dim_date (
    date_id     date    PRIMARY KEY,
    year        integer NOT NULL,
    month       integer NOT NULL,
    day         integer NOT NULL,
    day_of_week integer NOT NULL,  -- ISO: Monday = 1 ... Sunday = 7
    day_name    text    NOT NULL,
    month_name  text    NOT NULL,
    quarter     integer NOT NULL
);

CREATE TABLE dim_staff (
    staff_id        integer PRIMARY KEY,
    first_name      text    NOT NULL,
    last_name       text    NOT NULL,
    department_name text    NOT NULL,
    location        text    NOT NULL,  -- 'Unknown' when the department has none
    email_address   text    NOT NULL
);

CREATE TABLE dim_location (
    location_id    integer PRIMARY KEY,
    address_line_1 text    NOT NULL,
    address_line_2 text    NULL,
    district       text    NULL,
    city           text    NOT NULL,
    postal_code    text    NOT NULL,
    country        text    NOT NULL,
    phone          text    NOT NULL
);

CREATE TABLE dim_currency (
    currency_id   integer PRIMARY KEY,
    currency_code text    NOT NULL,
    currency_name text    NOT NULL
);

CREATE TABLE dim_design (
    design_id     integer PRIMARY KEY,
    design_name   text    NOT NULL,
    file_location text    NOT NULL,
    file_name     text    NOT NULL
);

CREATE TABLE dim_counterparty (
    counterparty_id                   integer PRIMARY KEY,
    counterparty_legal_name           text    NOT NULL,
    counterparty_legal_address_line_1 text    NOT NULL,
    counterparty_legal_address_line_2 text    NULL,
    counterparty_legal_district       text    NULL,
    counterparty_legal_city           text    NOT NULL,
    counterparty_legal_postal_code    text    NOT NULL,
    counterparty_legal_country        text    NOT NULL,
    counterparty_legal_phone_number   text    NOT NULL
);

CREATE TABLE dim_payment_type (
    payment_type_id   integer PRIMARY KEY,
    payment_type_name text    NOT NULL
);

CREATE TABLE dim_transaction (
    transaction_id    integer PRIMARY KEY,
    transaction_type  text    NOT NULL,
    sales_order_id    integer NULL,
    purchase_order_id integer NULL
);

CREATE TABLE fact_sales_order (
    sales_record_id             serial        PRIMARY KEY,
    sales_order_id              integer       NOT NULL,
    created_date                date          NOT NULL
        CONSTRAINT fact_sales_order_created_date_fk REFERENCES dim_date (date_id),
    created_time                time(3)       NOT NULL,
    last_updated_date           date          NOT NULL
        CONSTRAINT fact_sales_order_last_updated_date_fk REFERENCES dim_date (date_id),
    last_updated_time           time(3)       NOT NULL,
    sales_staff_id              integer       NOT NULL
        CONSTRAINT fact_sales_order_sales_staff_id_fk REFERENCES dim_staff (staff_id),
    counterparty_id             integer       NOT NULL
        CONSTRAINT fact_sales_order_counterparty_id_fk REFERENCES dim_counterparty (counterparty_id),
    units_sold                  integer       NOT NULL,
    unit_price                  numeric(10,2) NOT NULL,
    currency_id                 integer       NOT NULL
        CONSTRAINT fact_sales_order_currency_id_fk REFERENCES dim_currency (currency_id),
    design_id                   integer       NOT NULL
        CONSTRAINT fact_sales_order_design_id_fk REFERENCES dim_design (design_id),
    agreed_payment_date         date          NOT NULL
        CONSTRAINT fact_sales_order_agreed_payment_date_fk REFERENCES dim_date (date_id),
    agreed_delivery_date        date          NOT NULL
        CONSTRAINT fact_sales_order_agreed_delivery_date_fk REFERENCES dim_date (date_id),
    agreed_delivery_location_id integer       NOT NULL
        CONSTRAINT fact_sales_order_agreed_delivery_location_id_fk
        REFERENCES dim_location (location_id),
    CONSTRAINT fact_sales_order_version_uq
        UNIQUE (sales_order_id, last_updated_date, last_updated_time)
);

CREATE TABLE fact_purchase_order (
    purchase_record_id          serial        PRIMARY KEY,
    purchase_order_id           integer       NOT NULL,
    created_date                date          NOT NULL
        CONSTRAINT fact_purchase_order_created_date_fk REFERENCES dim_date (date_id),
    created_time                time(3)       NOT NULL,
    last_updated_date           date          NOT NULL
        CONSTRAINT fact_purchase_order_last_updated_date_fk REFERENCES dim_date (date_id),
    last_updated_time           time(3)       NOT NULL,
    staff_id                    integer       NOT NULL
        CONSTRAINT fact_purchase_order_staff_id_fk REFERENCES dim_staff (staff_id),
    counterparty_id             integer       NOT NULL
        CONSTRAINT fact_purchase_order_counterparty_id_fk
        REFERENCES dim_counterparty (counterparty_id),
    item_code                   text          NOT NULL,
    item_quantity               integer       NOT NULL,
    item_unit_price             numeric(10,2) NOT NULL,
    currency_id                 integer       NOT NULL
        CONSTRAINT fact_purchase_order_currency_id_fk REFERENCES dim_currency (currency_id),
    agreed_delivery_date        date          NOT NULL
        CONSTRAINT fact_purchase_order_agreed_delivery_date_fk REFERENCES dim_date (date_id),
    agreed_payment_date         date          NOT NULL
        CONSTRAINT fact_purchase_order_agreed_payment_date_fk REFERENCES dim_date (date_id),
    agreed_delivery_location_id integer       NOT NULL
        CONSTRAINT fact_purchase_order_agreed_delivery_location_id_fk
        REFERENCES dim_location (location_id),
    CONSTRAINT fact_purchase_order_version_uq
        UNIQUE (purchase_order_id, last_updated_date, last_updated_time)
);

CREATE TABLE fact_payment (
    payment_record_id serial        PRIMARY KEY,
    payment_id        integer       NOT NULL,
    created_date      date          NOT NULL
        CONSTRAINT fact_payment_created_date_fk REFERENCES dim_date (date_id),
    created_time      time(3)       NOT NULL,
    last_updated_date date          NOT NULL
        CONSTRAINT fact_payment_last_updated_date_fk REFERENCES dim_date (date_id),
    last_updated_time time(3)       NOT NULL,
    transaction_id    integer       NOT NULL
        CONSTRAINT fact_payment_transaction_id_fk REFERENCES dim_transaction (transaction_id),
    counterparty_id   integer       NOT NULL
        CONSTRAINT fact_payment_counterparty_id_fk REFERENCES dim_counterparty (counterparty_id),
    payment_amount    numeric(10,2) NOT NULL,
    currency_id       integer       NOT NULL
        CONSTRAINT fact_payment_currency_id_fk REFERENCES dim_currency (currency_id),
    payment_type_id   integer       NOT NULL
        CONSTRAINT fact_payment_payment_type_id_fk REFERENCES dim_payment_type (payment_type_id),
    paid              boolean       NOT NULL,
    payment_date      date          NOT NULL
        CONSTRAINT fact_payment_payment_date_fk REFERENCES dim_date (date_id),
    CONSTRAINT fact_payment_version_uq UNIQUE (payment_id, last_updated_date, last_updated_time)
);

-- One row per loaded processed run, written in the run's own transaction: a run found here
-- is skipped, so a redelivered or replayed run adds nothing.
CREATE TABLE load_ledger (
    run_id         text        PRIMARY KEY,
    source_run     text        NOT NULL,
    rows_per_table jsonb       NOT NULL,
    loaded_at      timestamptz NOT NULL DEFAULT now()
);
