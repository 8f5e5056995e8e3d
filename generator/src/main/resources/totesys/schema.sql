-- totesys: the OLTP source database, as docs/CONTRACT.md ("Source: totesys") describes it.
-- Runs once on an empty database (TotesysSchema.create). Not idempotent on purpose:
-- a second run fails loudly instead of silently mixing two schemas.

CREATE TYPE "PaymentTypeName" AS ENUM ('SALES_RECEIPT', 'SALES_REFUND', 'PURCHASE_PAYMENT', 'PURCHASE_REFUND');
CREATE TYPE "TransactionType" AS ENUM ('SALE', 'PURCHASE');

CREATE TABLE address (
    address_id     serial PRIMARY KEY,
    address_line_1 text NOT NULL,
    address_line_2 text NULL,
    district       text NULL,
    city           text NOT NULL,
    postal_code    text NOT NULL,
    country        text NOT NULL,
    phone          text NOT NULL,
    created_at     timestamp(3) without time zone NOT NULL,
    last_updated   timestamp(3) without time zone NOT NULL
);

CREATE TABLE counterparty (
    counterparty_id         serial PRIMARY KEY,
    counterparty_legal_name text NOT NULL,
    legal_address_id        integer NOT NULL REFERENCES address (address_id),
    commercial_contact      text NULL,
    delivery_contact        text NULL,
    created_at              timestamp(3) without time zone NOT NULL,
    last_updated            timestamp(3) without time zone NOT NULL
);

CREATE TABLE currency (
    currency_id   serial PRIMARY KEY,
    currency_code varchar(3) NOT NULL,
    created_at    timestamp(3) without time zone NOT NULL,
    last_updated  timestamp(3) without time zone NOT NULL
);

CREATE TABLE department (
    department_id   serial PRIMARY KEY,
    department_name text NOT NULL,
    location        text NULL,
    manager         text NULL,
    created_at      timestamp(3) without time zone NOT NULL,
    last_updated    timestamp(3) without time zone NOT NULL
);

CREATE TABLE design (
    design_id     serial PRIMARY KEY,
    design_name   text NOT NULL,
    file_location text NOT NULL,
    file_name     text NOT NULL,
    created_at    timestamp(3) without time zone NOT NULL,
    last_updated  timestamp(3) without time zone NOT NULL
);

CREATE TABLE staff (
    staff_id      serial PRIMARY KEY,
    first_name    text NOT NULL,
    last_name     text NOT NULL,
    department_id integer NOT NULL REFERENCES department (department_id),
    email_address text NOT NULL,
    created_at    timestamp(3) without time zone NOT NULL,
    last_updated  timestamp(3) without time zone NOT NULL
);

CREATE TABLE payment_type (
    payment_type_id   serial PRIMARY KEY,
    payment_type_name "PaymentTypeName" NOT NULL,
    created_at        timestamp(3) without time zone NOT NULL,
    last_updated      timestamp(3) without time zone NOT NULL
);

CREATE TABLE sales_order (
    sales_order_id              serial PRIMARY KEY,
    design_id                   integer NOT NULL REFERENCES design (design_id),
    staff_id                    integer NOT NULL REFERENCES staff (staff_id),
    counterparty_id             integer NOT NULL REFERENCES counterparty (counterparty_id),
    units_sold                  integer NOT NULL,
    unit_price                  numeric(10,2) NOT NULL,
    currency_id                 integer NOT NULL REFERENCES currency (currency_id),
    agreed_delivery_date        text NOT NULL,
    agreed_payment_date         text NOT NULL,
    agreed_delivery_location_id integer NOT NULL REFERENCES address (address_id),
    created_at                  timestamp(3) without time zone NOT NULL,
    last_updated                timestamp(3) without time zone NOT NULL
);

CREATE TABLE purchase_order (
    purchase_order_id           serial PRIMARY KEY,
    staff_id                    integer NOT NULL REFERENCES staff (staff_id),
    counterparty_id             integer NOT NULL REFERENCES counterparty (counterparty_id),
    item_code                   text NOT NULL,
    item_quantity               integer NOT NULL,
    item_unit_price             numeric(10,2) NOT NULL,
    currency_id                 integer NOT NULL REFERENCES currency (currency_id),
    agreed_delivery_date        text NOT NULL,
    agreed_payment_date         text NOT NULL,
    agreed_delivery_location_id integer NOT NULL REFERENCES address (address_id),
    created_at                  timestamp(3) without time zone NOT NULL,
    last_updated                timestamp(3) without time zone NOT NULL
);

CREATE TABLE "transaction" (
    transaction_id    serial PRIMARY KEY,
    transaction_type  "TransactionType" NOT NULL,
    sales_order_id    integer NULL UNIQUE REFERENCES sales_order (sales_order_id),
    purchase_order_id integer NULL UNIQUE REFERENCES purchase_order (purchase_order_id),
    created_at        timestamp(3) without time zone NOT NULL,
    last_updated      timestamp(3) without time zone NOT NULL
);

CREATE TABLE payment (
    payment_id             serial PRIMARY KEY,
    transaction_id         integer NOT NULL UNIQUE REFERENCES "transaction" (transaction_id),
    counterparty_id        integer NOT NULL REFERENCES counterparty (counterparty_id),
    payment_amount         numeric(10,2) NOT NULL,
    currency_id            integer NOT NULL REFERENCES currency (currency_id),
    payment_type_id        integer NOT NULL REFERENCES payment_type (payment_type_id),
    paid                   boolean NOT NULL,
    payment_date           text NOT NULL,
    company_ac_number      integer NOT NULL,
    counterparty_ac_number integer NOT NULL,
    created_at             timestamp(3) without time zone NOT NULL,
    last_updated           timestamp(3) without time zone NOT NULL
);

-- Prisma's bookkeeping table exists in the real database; the extract must ignore it.
CREATE TABLE _prisma_migrations (
    id                  varchar(36) PRIMARY KEY,
    checksum            varchar(64) NOT NULL,
    finished_at         timestamptz NULL,
    migration_name      varchar(255) NOT NULL,
    logs                text NULL,
    rolled_back_at      timestamptz NULL,
    started_at          timestamptz NOT NULL DEFAULT now(),
    applied_steps_count integer NOT NULL DEFAULT 0
);

INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
VALUES ('3f0c2a5e-8b7d-4c1e-9a6f-2d4b8e1c7a90',
        'b1946ac92492d2347c6235b4d2611184a3c1f1e1e4a4c3b1d2e9f0a7c5b6d8e2',
        '2022-11-03 14:20:49.962+00', '20221103142049_init', NULL, NULL,
        '2022-11-03 14:20:49.512+00', 1);
